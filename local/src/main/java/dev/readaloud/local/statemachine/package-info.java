/**
 * A local Amazon States Language engine: runs a state machine definition (JSONPath query language,
 * inline Map and the Distributed Map subset in {@link dev.readaloud.local.statemachine.DistributedMap})
 * on one machine the way AWS Step Functions runs a Standard workflow, so the project's own state
 * machine file runs and is tested without AWS.
 *
 * <p>Entry points: {@link dev.readaloud.local.statemachine.StateMachine#load} (strict validation,
 * DefinitionSubstitutions), {@link dev.readaloud.local.statemachine.Engine#run} (one blocking
 * execution with a live {@link dev.readaloud.local.statemachine.ExecutionListener}), the task-token
 * calls {@link dev.readaloud.local.statemachine.Engine#sendTaskSuccess},
 * {@link dev.readaloud.local.statemachine.Engine#sendTaskFailure} and
 * {@link dev.readaloud.local.statemachine.Engine#sendTaskHeartbeat} (refusals are
 * {@link dev.readaloud.local.statemachine.TaskTokenException} with AWS's error name),
 * {@link dev.readaloud.local.statemachine.LambdaTaskResource} (a Lambda handler called through JSON)
 * and {@link dev.readaloud.local.statemachine.ShellCommandTaskResource}.
 *
 * <p>Integrations: a Lambda function ARN, {@code arn:aws:states:::lambda:invoke} and the callback
 * pattern {@code arn:aws:states:::lambda:invoke.waitForTaskToken} (the function is invoked, then the
 * task waits for SendTaskSuccess or SendTaskFailure with its token, under TimeoutSeconds and
 * HeartbeatSeconds; a callback may arrive before the function returns).
 *
 * <p>Rejected at load, by name (never ignored): JSONata ({@code QueryLanguage: JSONata},
 * Arguments, Output, Assign, Condition), the Distributed Map features beyond the subset (ResultWriter,
 * ItemReader other than {@code s3:getObject} with InputType JSON, ItemReader Parameters other than
 * Bucket and Key), Distributed Map fields on an inline Map, Credentials, {@code .waitForTaskToken}
 * with any resource but {@code lambda:invoke}, and the {@code .sync} integration pattern.
 * docs/ENGINE.md lists the subset.
 *
 * <p>Where this engine knowingly differs from AWS Step Functions:
 * <ul>
 *   <li>Time: Wait and Retry delays are multiplied by {@link dev.readaloud.local.statemachine.EngineOptions#timeScale()};
 *       TimeoutSeconds, HeartbeatSeconds and the execution's TimeoutSeconds always run in real time
 *       (tasks run in real time, so scaling their deadlines would time them out spuriously).</li>
 *   <li>A {@code .$} path in Parameters, ItemSelector or ResultSelector that matches nothing raises
 *       States.ParameterPathFailure, as the error-handling page documents (AWS has been seen to report
 *       such failures as States.Runtime).</li>
 *   <li>A failed Parallel branch or Map iteration fails the state with the branch's own error and
 *       cause; States.BranchFailed is never raised.</li>
 *   <li>HeartbeatSeconds applies to every task; a resource keeps itself alive with
 *       {@link dev.readaloud.local.statemachine.Engine#sendTaskHeartbeat}. {@code $$.Task.Token} is
 *       available in every Task state (AWS: only with .waitForTaskToken); SendTaskSuccess and
 *       SendTaskFailure with the token of a task that is not a .waitForTaskToken task are InvalidToken.</li>
 *   <li>Callbacks: a callback that arrives while the function is still running ends the task once
 *       the function returns, after TaskSubmitted; if the function fails, or TimeoutSeconds passes,
 *       first, that decides and the early callback is dropped. SendTaskFailure without an error
 *       fails the task with an empty error and cause (AWS: none, null in a Catch's output).
 *       TaskDoesNotExist is never raised (AWS: activities).</li>
 *   <li>History: event type names are AWS's, but details are flat ({@code input}, {@code output},
 *       {@code error}, {@code cause}, {@code index}) rather than AWS's *EventDetails objects;
 *       {@code RetryScheduled} is local only.</li>
 *   <li>Quotas are enforced as AWS enforces them ({@link dev.readaloud.local.statemachine.ExecutionLimits}):
 *       25,000 history events, 256 KiB payloads, 40 concurrent inline Map iterations.</li>
 *   <li>Lambda: a function timeout fails with Sandbox.Timedout; the lambda:invoke response has
 *       ExecutedVersion, Payload, StatusCode and minimal SDK metadata; events are deserialized with
 *       plain Jackson (unknown properties ignored), not the runtime's aws-lambda-java-events mixins.</li>
 *   <li>An execution input over 256 KiB throws IllegalArgumentException (AWS rejects StartExecution).
 *       ARNs use region "local" and account 000000000000. An execution whose thread is interrupted
 *       ends FAILED with the local error States.Aborted (AWS: status ABORTED).</li>
 *   <li>JSONPath: Jayway's syntax minus functions; filters compare {@code @} paths with literals,
 *       joined by {@code &&} and {@code ||}. The parser is the engine's own rather than Jayway
 *       json-path because the States Language needs what Jayway does not give: the {@code $$}
 *       context root, reference paths told apart from paths with wildcards or filters at load,
 *       ResultPath creating missing parents when it inserts, and "no match" kept distinct from
 *       {@code null} (States.Runtime versus a null value).</li>
 *   <li>Distributed Map: children run in this process as separate executions (own history and
 *       quotas, name {@code <mapRunId>-<index>}); a failed child within tolerance appears in the
 *       Map's result as {@code {"Error", "Cause"}}; an Express child's 5-minute limit runs in real
 *       time.</li>
 * </ul>
 */
package dev.readaloud.local.statemachine;
