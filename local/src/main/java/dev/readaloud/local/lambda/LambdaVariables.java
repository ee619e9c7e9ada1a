package dev.readaloud.local.lambda;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of one execution environment: only what Lambda gives a java25 function (the
 * "defined runtime environment variables" of the Lambda docs), the template's variables for that
 * function, the local AWS endpoint and the caller's extras. Nothing of this JVM's own environment
 * leaks in: no AWS_PROFILE, no stray AWS_ACCESS_KEY_ID.
 *
 * <p>Credentials as Lambda hands them: a SnapStart function gets the container-credentials pair
 * (AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN) and no key variables; any
 * other function gets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
 */
final class LambdaVariables {

    /** Lambda's PATH for managed runtimes. */
    private static final String LAMBDA_PATH = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";

    private LambdaVariables() {
    }

    /**
     * @param spec        the function
     * @param aws         where its AWS is
     * @param credentials the container-credentials endpoint (used for SnapStart functions)
     * @param taskRoot    LAMBDA_TASK_ROOT, the environment's working directory
     * @param runtimeDir  LAMBDA_RUNTIME_DIR
     * @param javaHome    the JDK
     * @param extras      the caller's additions, applied last
     */
    static Map<String, String> of(FunctionSpec spec, AwsEndpoint aws, ContainerCredentialsServer credentials,
                                  Path taskRoot, Path runtimeDir, Path javaHome, Map<String, String> extras) {
        Map<String, String> env = new LinkedHashMap<>(spec.environment());
        env.put("AWS_REGION", aws.region());
        env.put("AWS_DEFAULT_REGION", aws.region());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        // Read by the Runtime Interface Emulator, which stops an invocation after this many seconds.
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Long.toString(spec.timeout().toSeconds()));
        // AutoPublishAlias: the state machine invokes the alias, i.e. a published version, which SnapStart needs.
        env.put("AWS_LAMBDA_FUNCTION_VERSION", spec.snapStart() ? "1" : "$LATEST");
        // The runtime interface client runs the CRaC hooks only for snap-start (see SnapStartRuntimeApi).
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", spec.snapStart() ? "snap-start" : "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.logicalId());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", taskRoot.getFileName().toString());
        env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", LAMBDA_PATH);
        env.put("JAVA_HOME", javaHome.toString());
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        if (spec.snapStart()) {
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri().toString());
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.token());
        } else {
            env.put("AWS_ACCESS_KEY_ID", aws.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", aws.secretAccessKey());
            if (aws.sessionToken() != null) {
                env.put("AWS_SESSION_TOKEN", aws.sessionToken());
            }
        }
        env.putAll(extras);
        return env;
    }
}
