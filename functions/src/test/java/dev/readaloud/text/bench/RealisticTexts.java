package dev.readaloud.text.bench;

/** Two short readings in different styles, written for this benchmark (no outside source). */
final class RealisticTexts {

    /** Long sentences with many clauses, as in an essay or a nineteenth-century novel. */
    static final String ESSAY = """
            On Keeping Time

            It is a curious thing, and one that the makers of clocks have never quite managed to explain, that a \
            day spent waiting feels longer than a day spent working, although both contain, by every honest \
            measure, precisely the same number of hours; the hours themselves do not stretch, yet we insist, \
            against all evidence, that they do. The sailor who watches the horizon for a sail knows this, as does \
            the child who counts the days until a holiday, and so, I suspect, does the old dog by the fire, who \
            lifts his head at every footstep in the lane.

            Consider the lighthouse keeper, whose whole occupation is a kind of waiting. He trims the wick at dusk, \
            he winds the clockwork that turns the lens, and then, for ten or twelve hours, he does very little \
            except remain awake: he listens to the wind, he watches the barometer fall or rise, he writes a line in \
            the log, and he waits for the morning. Yet the keepers I have known (and I have known several, on three \
            different coasts) did not describe their nights as long; they described them as full. One of them, a \
            Mr. Hallam of St. Agnes, told me that the secret was to have something to do with one's hands, e.g. \
            mending nets, carving, or simply polishing brass that did not need it.

            Perhaps, then, the length of an hour depends less on the clock than on the attention we pay to it. An \
            hour watched is an hour endured; an hour forgotten is an hour lived. The difference, as Mr. Hallam put \
            it, "is the difference between a passenger and a crew."
            """;

    /** Short paragraphs, numbers, abbreviations and quotes, as in a news report. */
    static final String NEWS = """
            Storm closes harbour for third day

            GANNET POINT, Jan. 16 — The harbour at Gannet Point remained closed on Tuesday as winds of up to \
            110 km/h battered the coast for a third straight day.

            The U.S. Coast Guard said a fishing vessel, the Mary Ellen, reached safety at 4:30 a.m. after losing \
            engine power roughly 3.5 miles offshore. All six crew members were unhurt.

            "We steered for the light and nothing else," said the skipper, Tom Reyes, 41. "Without it, I don't \
            think we'd be here."

            Dr. Amira Okafor, a meteorologist at the regional forecast office, said gusts would ease by Thursday \
            but warned that swells of 4 to 6 m could persist. Ferry services, which carry about 1,200 passengers a \
            day in winter, are expected to resume on Friday at the earliest.

            The lighthouse, built in 1871 and automated in 1993, is maintained by volunteers. Its keeper until \
            1993, Elias Thorne, now 87, said he was "not at all surprised" that it had done its job.

            Residents are asked to avoid the sea wall and to report damage at www.gannetpoint.example/storm or by \
            calling 555-0147.
            """;

    private RealisticTexts() {
    }
}
