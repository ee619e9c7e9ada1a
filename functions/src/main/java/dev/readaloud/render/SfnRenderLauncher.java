package dev.readaloud.render;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/** Runs renders as Step Functions executions named after the render id. */
public final class SfnRenderLauncher implements RenderLauncher {

    private final SfnClient sfn;
    private final String stateMachineArn;

    /** @param stateMachineArn arn:aws:states:REGION:ACCOUNT:stateMachine:NAME */
    public SfnRenderLauncher(SfnClient sfn, String stateMachineArn) {
        if (stateMachineArn == null || !stateMachineArn.contains(":stateMachine:")) {
            throw new ConfigurationException("STATE_MACHINE_ARN must be a state machine ARN "
                    + "(arn:aws:states:REGION:ACCOUNT:stateMachine:NAME), got '" + stateMachineArn + "'");
        }
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public void start(String renderId, String executionInputJson) {
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(renderId).input(executionInputJson));
        } catch (ExecutionAlreadyExistsException e) {
            // The name is the render id: an execution of this name is this render.
        }
    }

    @Override
    public RenderStatus status(String renderId) {
        DescribeExecutionResponse execution;
        try {
            execution = sfn.describeExecution(b -> b.executionArn(executionArn(renderId)));
        } catch (ExecutionDoesNotExistException e) {
            return RenderStatus.of(RenderState.PENDING);
        }
        return switch (execution.status()) {
            case RUNNING, PENDING_REDRIVE -> RenderStatus.of(RenderState.RUNNING);
            case SUCCEEDED -> RenderStatus.of(RenderState.SUCCEEDED);
            case FAILED, TIMED_OUT, ABORTED -> new RenderStatus(RenderState.FAILED,
                    execution.error() != null ? execution.error() : "States." + execution.statusAsString(),
                    execution.cause());
            default -> RenderStatus.of(RenderState.RUNNING);
        };
    }

    /** arn:aws:states:REGION:ACCOUNT:execution:NAME:renderId, from the state machine ARN. */
    public String executionArn(String renderId) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + renderId;
    }
}
