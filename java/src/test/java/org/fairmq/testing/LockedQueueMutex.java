package org.fairmq.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Simulates a process killed inside a boost::interprocess message_queue: marks the queue's
 * process-shared mutex as locked in the queue's memory (glibc x86-64 layout: the pthread_mutex_t
 * whose kind word is the process-shared bit 0x80, its lock word 16 bytes before). Nobody will
 * unlock it; every later send or receive on the queue blocks inside Boost.
 */
public final class LockedQueueMutex {
    private LockedQueueMutex() {}

    /** Sets the lock word of the queue's mutex to "locked, with waiters" (2). */
    public static void lockForever(Path queue) throws IOException {
        try (FileChannel channel = FileChannel.open(queue, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, 0);
            int kind = -1;
            for (int at = 32; at < 256; at += 4) {
                if (header.getInt(at) == 0x80) {
                    kind = at;
                    break;
                }
            }
            assertTrue(kind > 0, "no process-shared mutex in the queue header");
            ByteBuffer locked = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 2);
            channel.write(locked, kind - 16);
        }
    }
}
