package dev.readaloud.local.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Where `render` runs the state machine's functions: {@code --lambda-runtime inprocess|emulator}. */
enum LambdaRuntime {

    /** The handlers in this JVM through their test constructors, the embedded S3. */
    INPROCESS,
    /** Each function in the AWS Lambda Java runtime behind the Runtime Interface Emulator, LocalStack. */
    EMULATOR;

    /** Accepts the lower-case names the command line uses. */
    static final class Converter implements ITypeConverter<LambdaRuntime> {
        @Override
        public LambdaRuntime convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "inprocess" -> INPROCESS;
                case "emulator" -> EMULATOR;
                default -> throw new TypeConversionException("--lambda-runtime must be inprocess or emulator, got '" + value + "'");
            };
        }
    }
}
