package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.readaloud.render.InvocationMeter;

/** Starts an invocation's {@link InvocationMeter} with the memory Lambda gives the function. */
final class LambdaMeters {

    private LambdaMeters() {
    }

    /**
     * The meter of a Task state's invocation (one state transition).
     *
     * @param context                the invocation's context, whose memory limit is the function's MemorySize;
     *                               null in tests that call the handler directly
     * @param memoryMbWithoutContext the memory to count without a context, in MB (the function's MemorySize in
     *                               template.yaml)
     */
    static InvocationMeter start(Context context, int memoryMbWithoutContext) {
        return start(context, memoryMbWithoutContext, 1);
    }

    /**
     * The meter of an invocation that stands for {@code stateTransitions} state transitions: 1 for a Task state's,
     * 0 for one that is no state of the render (a webhook, an EventBridge rule's target).
     */
    static InvocationMeter start(Context context, int memoryMbWithoutContext, int stateTransitions) {
        return InvocationMeter.start(memoryMb(context, memoryMbWithoutContext), stateTransitions, System::nanoTime);
    }

    /** The function's configured memory in MB: the context's, else {@code memoryMbWithoutContext}. */
    static int memoryMb(Context context, int memoryMbWithoutContext) {
        return context != null ? context.getMemoryLimitInMB() : memoryMbWithoutContext;
    }
}
