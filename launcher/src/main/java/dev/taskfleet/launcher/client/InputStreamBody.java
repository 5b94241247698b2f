package dev.taskfleet.launcher.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body read from a caller's stream on a thread of its own, each read passed on as soon
 * as it returns. The JDK's {@code BodyPublishers.ofInputStream} reads on the thread that writes the
 * request, and over HTTP/1.1 that thread may read the next piece before it writes the one it has,
 * the request head included (seen on JDK 17; JDK 25's {@code Http1Exchange} does the same): a
 * stream that waits (a pipe, a script writing as it goes) then keeps back what it already gave
 * until it gives more.
 *
 * <p>The stream is read once and never closed: the caller owns it. A second subscription (a
 * resend) fails rather than send the rest of the stream as if it were the whole body.
 */
final class InputStreamBody implements HttpRequest.BodyPublisher {

    private static final int CHUNK_BYTES = 16 * 1024;

    private final InputStream in;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    InputStreamBody(InputStream in) {
        this.in = in;
    }

    @Override
    public long contentLength() {
        return -1;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Reader reader = new Reader(subscriber);
        subscriber.onSubscribe(reader);
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onError(new IOException("the upload's body was already sent once and cannot be read again"));
            return;
        }
        Thread thread = new Thread(reader::run, "taskfleet-upload-reader");
        // A stream that never ends (a terminal) must not keep the CLI alive once the request is over.
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads a chunk, waits until the HTTP client asks for one, hands it over; repeats until the end. */
    private final class Reader implements Flow.Subscription {

        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private long demand;
        private boolean cancelled;
        private IllegalArgumentException refused;

        Reader(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public synchronized void request(long n) {
            if (n <= 0) {
                refused = new IllegalArgumentException("a request for " + n + " chunks (Reactive Streams rule 3.9)");
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            notifyAll();
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
            notifyAll();
        }

        void run() {
            byte[] chunk = new byte[CHUNK_BYTES];
            try {
                for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                    if (!awaitDemand()) {
                        if (refused != null) {
                            subscriber.onError(refused);
                        }
                        return;
                    }
                    subscriber.onNext(ByteBuffer.wrap(Arrays.copyOf(chunk, read)));
                }
                subscriber.onComplete();
            } catch (IOException e) {
                subscriber.onError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                subscriber.onError(new IOException("interrupted while reading the upload", e));
            }
        }

        /** Takes one unit of demand, waiting for it; {@code false} once the client cancelled. */
        private synchronized boolean awaitDemand() throws InterruptedException {
            while (demand <= 0 && !cancelled && refused == null) {
                wait();
            }
            if (cancelled || refused != null) {
                return false;
            }
            demand--;
            return true;
        }
    }
}
