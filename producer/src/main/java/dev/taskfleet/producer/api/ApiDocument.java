package dev.taskfleet.producer.api;

/**
 * The names of the error answers that the OpenAPI document ({@code /q/openapi}) declares once, in
 * this package's {@code package-info.java} (smallrye reads a document-wide definition only there),
 * each an RFC 9457 problem. Operations refer to them by name:
 * {@code @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)}.
 */
final class ApiDocument {

    static final String INVALID_REQUEST = "InvalidRequest";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String NOT_FOUND = "NotFound";
    static final String CONFLICT = "Conflict";
    static final String TOO_LARGE = "TooLarge";
    static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    static final String TOO_MANY_IN_FLIGHT = "TooManyInFlight";
    static final String RESULTS_EXPIRED = "ResultsExpired";
    static final String UNAVAILABLE = "Unavailable";

    private ApiDocument() {
    }
}
