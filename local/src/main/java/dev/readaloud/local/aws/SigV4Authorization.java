package dev.readaloud.local.aws;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an AWS Signature Version 4 {@code Authorization} header that say who signed for what:
 * {@code AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/states/aws4_request, SignedHeaders=..., Signature=...}.
 * The local services accept any signature, as LocalStack does, but not an unsigned request: a client
 * that forgot its credentials fails here as it would in AWS.
 *
 * @param accessKeyId the signer's access key id
 * @param date        the credential scope's date, yyyyMMdd
 * @param region      the credential scope's region
 * @param service     the credential scope's signing name, e.g. {@code states}
 */
record SigV4Authorization(String accessKeyId, String date, String region, String service) {

    private static final Pattern HEADER = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,"
                    + "\\s*SignedHeaders=[^,\\s]+\\s*,\\s*Signature=[0-9a-f]+\\s*");

    /**
     * @throws StepFunctionsException MissingAuthenticationToken when there is no header,
     *                                IncompleteSignature when it is not a SigV4 header
     */
    static SigV4Authorization parse(String header) {
        if (header == null || header.isBlank()) {
            throw new StepFunctionsException(StepFunctionsError.MISSING_AUTHENTICATION_TOKEN,
                    "Request is missing Authentication Token");
        }
        Matcher matcher = HEADER.matcher(header.strip());
        if (!matcher.matches()) {
            throw new StepFunctionsException(StepFunctionsError.INCOMPLETE_SIGNATURE,
                    "Authorization header is not an AWS4-HMAC-SHA256 signature with Credential, SignedHeaders and Signature");
        }
        return new SigV4Authorization(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4));
    }
}
