/**
 * What every HTTP provider client shares, whatever API it speaks: where the API is and how to
 * authenticate ({@link dev.taskfleet.worker.provider.http.HttpEndpoint}), one non-blocking sender
 * ({@link dev.taskfleet.worker.provider.http.ProviderHttp}) and one classification of failures into
 * the contract's error codes ({@link dev.taskfleet.worker.provider.http.ErrorClassifier}). JDK HTTP
 * client and Jackson only, no Quarkus types.
 */
package dev.taskfleet.worker.provider.http;
