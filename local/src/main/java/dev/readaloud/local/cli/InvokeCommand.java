package dev.readaloud.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.local.lambda.EmulatedFunction;
import dev.readaloud.local.lambda.FunctionSpec;
import dev.readaloud.local.lambda.LambdaEmulator;
import dev.readaloud.local.lambda.RuntimeFiles;
import dev.readaloud.local.lambda.SamTemplate;
import dev.readaloud.local.statemachine.TaskFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Invoke one function of template.yaml once, like `sam local invoke`, without Docker.",
                "Its Handler (through the no-arg constructor), environment, memory and timeout from the template,",
                "in the AWS Lambda Java runtime interface client behind the Runtime Interface Emulator. The answer goes",
                "to stdout, the function's logs to stderr; a function error prints its error payload and exits 1."})
final class InvokeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The state machine !Ref RenderStateMachine stands for here. */
    static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:readaloud-render";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "The function's logical id, e.g. PlanFunction.")
    private String function;

    @Option(names = {"-e", "--event"}, paramLabel = "EVENT.json", description = "The event (JSON file; - reads stdin; default: {}).")
    private String event;

    @Option(names = "--parameter-overrides", paramLabel = "K=V", arity = "1..*",
            description = "Template parameters, e.g. MaxConcurrency=1 (also ParameterKey=K,ParameterValue=V).")
    private List<String> parameterOverrides = new ArrayList<>();

    @Option(names = "--env-vars", paramLabel = "FILE.json",
            description = "Environment overrides as sam reads them: {\"FUNCTION\": {\"VAR\": \"value\"}, \"Parameters\": {...}}.")
    private Path envVars;

    @Option(names = "--aws-endpoint", paramLabel = "URL",
            description = {"The local AWS the function talks to (AWS_ENDPOINT_URL), e.g. http://127.0.0.1:4566 (an IP address",
                    "makes the SDK use path-style S3 URLs); default: the embedded S3 under --data-dir."})
    private URI awsEndpoint;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".readaloud",
            description = "Where the embedded S3 keeps objects (default: ${DEFAULT-VALUE}, as for render).")
    private Path dataDirectory;

    @Option(names = "--template", paramLabel = "FILE", hidden = true, description = "Another SAM template (tests).")
    private Path template;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        String payload = readEvent();
        Path templateFile = template != null ? template : Home.path("template.yaml");
        RuntimeFiles files = RuntimeFiles.locate(Path.of(System.getProperty("readaloud.home", ".")));
        try (FunctionAws aws = FunctionAws.open(awsEndpoint, dataDirectory)) {
            SamTemplate sam = SamTemplate.load(templateFile, parameters(),
                    Map.of("RenderBucket", aws.bucket(), "RenderStateMachine", STATE_MACHINE_ARN, "RenderApi", "local-api"));
            FunctionSpec functionSpec = sam.function(function);
            Map<String, String> overrides = environmentOverrides(functionSpec, stderr);
            try (LambdaEmulator emulator = LambdaEmulator.start(files, aws.endpoint(),
                    (name, line) -> stderr.println("[" + name + "] " + line), 1)) {
                EmulatedFunction emulated = emulator.function(withEnvironment(functionSpec, overrides));
                try {
                    stdout.println(emulated.invoke(payload));
                    stdout.flush();
                    return 0;
                } catch (TaskFailedException failure) {
                    stdout.println(failure.cause());
                    stdout.flush();
                    stderr.println("readaloud invoke: " + function + " failed: " + failure.error() + summary(failure.cause()));
                    return 1;
                }
            }
        }
    }

    private String readEvent() throws IOException {
        String text;
        if (event == null) {
            text = "{}";
        } else if (event.equals("-")) {
            text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } else {
            text = Files.readString(Path.of(event));
        }
        try {
            return JSON.writeValueAsString(JSON.readTree(text));
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "the event " + (event == null ? "" : event + " ") + "is not JSON");
        }
    }

    private Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String override : parameterOverrides) {
            if (override.startsWith("ParameterKey=")) {
                String[] parts = override.split(",ParameterValue=", 2);
                if (parts.length == 2) {
                    parameters.put(parts[0].substring("ParameterKey=".length()), parts[1]);
                    continue;
                }
            }
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new ParameterException(spec.commandLine(), "--parameter-overrides takes K=V, got '" + override + "'");
            }
            parameters.put(override.substring(0, equals), override.substring(equals + 1));
        }
        return parameters;
    }

    /** As sam does: only variables the template declares for the function are overridden; others are reported. */
    private Map<String, String> environmentOverrides(FunctionSpec functionSpec, PrintWriter stderr) throws IOException {
        Map<String, String> overrides = new HashMap<>();
        if (envVars == null) {
            return overrides;
        }
        JsonNode file = JSON.readTree(envVars.toFile());
        for (String section : List.of("Parameters", function)) {
            JsonNode variables = file.path(section);
            for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> variable = it.next();
                if (functionSpec.environment().containsKey(variable.getKey())) {
                    overrides.put(variable.getKey(), variable.getValue().asText());
                } else if (section.equals(function)) {
                    stderr.println("readaloud invoke: ignoring " + variable.getKey() + " from " + envVars
                            + ": the template declares no such variable for " + function);
                }
            }
        }
        return overrides;
    }

    private static FunctionSpec withEnvironment(FunctionSpec spec, Map<String, String> overrides) {
        Map<String, String> environment = new LinkedHashMap<>(spec.environment());
        environment.putAll(overrides);
        return new FunctionSpec(spec.logicalId(), spec.handler(), spec.memoryMb(), spec.timeout(), environment,
                spec.ephemeralStorageMb(), spec.snapStart());
    }

    private static String summary(String cause) {
        try {
            String message = JSON.readTree(cause).path("errorMessage").asText("");
            return message.isEmpty() ? "" : ": " + message;
        } catch (IOException e) {
            return "";
        }
    }
}
