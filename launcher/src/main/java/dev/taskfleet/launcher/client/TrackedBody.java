package dev.taskfleet.launcher.client;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body that remembers whether any of it was handed to the HTTP client for sending:
 * from then on a failed call no longer proves that the server has nothing.
 */
final class TrackedBody implements HttpRequest.BodyPublisher {

    private final HttpRequest.BodyPublisher body;
    private final AtomicBoolean started = new AtomicBoolean();

    TrackedBody(HttpRequest.BodyPublisher body) {
        this.body = body;
    }

    /** Whether a first chunk of the body went out. */
    boolean started() {
        return started.get();
    }

    @Override
    public long contentLength() {
        return body.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        body.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                started.set(true);
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable error) {
                subscriber.onError(error);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
