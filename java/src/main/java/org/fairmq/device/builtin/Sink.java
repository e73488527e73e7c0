package org.fairmq.device.builtin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.fairmq.device.Channel;
import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import org.fairmq.device.DeviceOptions;
import org.fairmq.device.State;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import picocli.CommandLine.Option;

/**
 * {@code fairmq-sink} (PROTOCOL.md 6.7, PROTOCOL-V110.md 7.2): receives on {@code <in-channel>[0]}
 * and frees each message. With {@code --num-msgs N} (2017) or {@code --max-iterations N} (v1.10) it
 * receives exactly N messages and leaves RUNNING (the references receive N+1, D24, 7.2). v1.10's
 * {@code --multipart}, {@code --out-filename} (each payload appended to the file, up to
 * {@code --max-file-size} bytes) are accepted too. One reused message: no Java garbage per
 * single-part message.
 */
public final class Sink extends Device {
    @Option(names = "--in-channel", defaultValue = "data", description = "Name of the input channel")
    String inChannel;

    @Option(names = "--num-msgs", defaultValue = "0", description = "Number of messages to receive (0 = unlimited)")
    long numMsgs;

    @Option(names = "--max-iterations", defaultValue = "0", description = "Number of run iterations (0 - infinite); the same as --num-msgs")
    long maxIterations;

    @Option(names = "--multipart", arity = "0..1", fallbackValue = "true", defaultValue = "false", description = "Handle multipart payloads")
    String multipart;

    @Option(names = "--out-filename", defaultValue = "", description = "Write incoming payloads to this file (\"\": discard)")
    String outFilename;

    @Option(names = "--max-file-size", defaultValue = "2000000000", description = "Maximum size of the output file in bytes")
    long maxFileSize;

    public static void main(String[] args) {
        DeviceMain.run(args, Sink::new);
    }

    @Override
    protected void run() {
        Channel in = channel(inChannel, 0);
        Socket socket = in.socket();
        long limit = numMsgs > 0 ? numMsgs : maxIterations;
        log.info("Starting the benchmark and expecting to receive {} messages.", limit);
        long start = System.nanoTime();
        long received = 0;
        try (FileChannel file = outFilename.isEmpty() ? null : FileChannel.open(Path.of(outFilename),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            if (DeviceOptions.isTrue(multipart)) {
                List<Message> parts = new ArrayList<>();
                while (checkCurrentState(State.RUNNING) && (limit == 0 || received < limit)) {
                    if (socket.receive(parts) >= 0) {
                        received++;
                        for (Message part : parts) {
                            write(file, part);
                        }
                    }
                    parts.forEach(Message::close);
                    parts.clear();
                }
            } else {
                try (Message message = in.newMessage()) {
                    while (checkCurrentState(State.RUNNING) && (limit == 0 || received < limit)) {
                        if (socket.receive(message) >= 0) {
                            received++;
                            write(file, message);
                            message.rebuild(); // frees the chunk now
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outFilename, e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        log.info("Received {} messages in {}ms.", received, ms);
        log.info("Leaving RUNNING state. Received {} messages in {}ms.", received, ms);
    }

    private void write(FileChannel file, Message message) throws IOException {
        if (file == null || message.size() == 0 || file.position() + message.size() > maxFileSize) {
            return;
        }
        ByteBuffer data = message.data();
        while (data.hasRemaining()) {
            file.write(data);
        }
    }
}
