package org.fairmq.monitor;

import org.fairmq.terminal.KeyInput;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import org.fairmq.protocol.ShmNames;

/**
 * Interactive mode (PROTOCOL.md 5.7): prints an empty line, the help line, an empty line and the
 * header; then polls a key every 100 ms and runs the segment check after each poll, ending the
 * row with a carriage return. Keys: {@code q} quits, {@code p} lists queues, {@code x} cleans
 * up, {@code h} prints the help, anything else is invalid input; after every key but {@code q}
 * the header is printed again. The key input is closed (the terminal restored) however the
 * session ends, exceptions included. Runs on the monitor's loop thread.
 */
final class InteractiveSession {
    private final ShmNames names;
    /** The segment check (with whatever the monitor does before it), run after every key poll. */
    private final Runnable check;
    private final PrintStream out;
    private final BooleanSupplier terminating;
    private final Runnable terminate;

    InteractiveSession(ShmNames names, Runnable check, PrintStream out, BooleanSupplier terminating,
            Runnable terminate) {
        this.names = names;
        this.check = check;
        this.out = out;
        this.terminating = terminating;
        this.terminate = terminate;
    }

    void run(KeyInput keys) throws IOException {
        try (keys) {
            print("\n" + StatusTable.HELP + "\n\n" + StatusTable.header());
            while (!terminating.getAsBoolean()) {
                int key = keys.poll(100);
                if (key >= 0) {
                    if (terminating.getAsBoolean()) {
                        break;
                    }
                    handle(key);
                    if (terminating.getAsBoolean()) {
                        break;
                    }
                    print(StatusTable.header());
                }
                if (terminating.getAsBoolean()) {
                    break;
                }
                check.run();
                if (!terminating.getAsBoolean()) {
                    print("\r");
                }
            }
        }
    }

    private void handle(int key) {
        switch (key) {
            case 'q':
                print("[q] --> quitting.\n");
                terminate.run();
                break;
            case 'p':
                print("[p] --> active queues:\n");
                QueueListing.print(names, out);
                break;
            case 'x':
                print("[x] --> closing shared memory:\n");
                Cleanup.run(names, out);
                break;
            case 'h':
                print("[h] --> help:\n\n" + StatusTable.HELP + "\n\n");
                break;
            case '\n':
                print("[\\n] --> invalid input.\n");
                break;
            default:
                out.write('[');
                out.write(key); // the byte as typed, like the reference's char
                print("] --> invalid input.\n");
                break;
        }
    }

    private void print(String text) {
        out.print(text);
        out.flush();
    }
}
