package org.fairmq.interop;

import java.util.ArrayList;
import java.util.List;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.TransportFactory;

/**
 * Receives and checks the messages of a {@link MessagePlan}, the Java twin of the C++ device's
 * receiving roles: sizes, patterns, part counts, an FNV-1a checksum over all payload bytes. Frees
 * every message after checking it. Not thread-safe.
 */
public final class PlanReceiver {
    private final Socket socket;
    private final MessagePlan plan;
    private final Message single;
    private final List<Message> parts = new ArrayList<>();
    private long checksum = Payloads.fnv1aInit();
    private final long[] hash = new long[1];
    private long bytes;
    private long errors;
    private final List<String> problems = new ArrayList<>();

    public PlanReceiver(TransportFactory transport, Socket socket, MessagePlan plan) {
        this.socket = socket;
        this.plan = plan;
        this.single = transport.createMessage();
    }

    /** Receives and checks message {@code k}; returns the socket's result (-2 on timeout). */
    public long receive(long k, long timeoutMs) {
        if (plan.parts() == 1) {
            long n = socket.receive(single, timeoutMs);
            if (n >= 0) {
                check(k, 0, single);
                single.rebuild(); // frees the received chunk now
            }
            return n;
        }
        parts.clear();
        long n = socket.receive(parts, timeoutMs);
        if (n >= 0) {
            if (parts.size() != plan.parts()) {
                problem("message " + k + ": " + parts.size() + " parts, expected " + plan.parts());
            }
            for (int j = 0; j < parts.size(); j++) {
                check(k, j, parts.get(j));
            }
            parts.forEach(Message::close);
        }
        return n;
    }

    private void check(long k, int j, Message message) {
        long expected = plan.size(k, j);
        if (message.size() != expected) {
            problem("message " + k + " part " + j + ": size " + message.size() + ", expected " + expected);
            return;
        }
        if (expected == 0) {
            return;
        }
        hash[0] = checksum;
        int mismatch = Payloads.checkAndHash(message.data(), plan.patternSeed(k, j), hash);
        if (mismatch >= 0) {
            problem("message " + k + " part " + j + ": pattern mismatch at byte " + mismatch);
            return;
        }
        checksum = hash[0];
        bytes += expected;
    }

    private void problem(String text) {
        errors++;
        if (problems.size() < 10) {
            problems.add(text);
        }
    }

    public long checksum() {
        return checksum;
    }

    public long bytes() {
        return bytes;
    }

    public long errors() {
        return errors;
    }

    /** The first few problems found, for assertion messages. */
    public List<String> problems() {
        return problems;
    }

    /** Frees the reusable receive message. */
    public void close() {
        single.close();
    }
}
