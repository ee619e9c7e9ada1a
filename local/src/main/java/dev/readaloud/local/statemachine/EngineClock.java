package dev.readaloud.local.statemachine;

import java.time.Duration;
import java.time.Instant;

/** The engine's time source and sleeper; tests replace it to record delays without waiting. */
public interface EngineClock {

    EngineClock SYSTEM = new EngineClock() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            long nanos = duration.toNanos();
            if (nanos > 0) {
                Thread.sleep(duration);
            }
        }
    };

    Instant now();

    /** Sleeps for an already time-scaled duration (Wait states and Retry intervals). */
    void sleep(Duration duration) throws InterruptedException;
}
