package org.fairmq.monitor;

import java.nio.ByteBuffer;
import org.fairmq.ipc.DeviceCounterProtocol;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.protocol.ShmNames;
import org.fairmq.transport.shmem.HeartbeatSender;

/**
 * A Java "device" for the crash tests: does what a shmem transport does at start-up (PROTOCOL.md
 * 2.1: mutex, management segment, main segment, locked DeviceCounter attach), holds a written
 * chunk, a stock of cached chunks, pending frees and a region of its own, heartbeats (2.3), prints
 * {@code READY <region id>} and sleeps until killed. Arguments: prefix, main segment size, region
 * size.
 */
public final class JavaDeviceMain {
    private JavaDeviceMain() {}

    public static void main(String[] args) throws InterruptedException {
        ShmNames names = ShmNames.withPrefix(args[0]);
        long segmentSize = Long.parseLong(args[1]);
        long regionSize = Long.parseLong(args[2]);
        NamedMutex mutex = NamedMutex.openOrCreate(names.mutex());
        ManagedSegment management = ManagedSegment.openOrCreate(names.managementSegment(),
                Protocol2017.MANAGEMENT_SEGMENT_SIZE);
        ManagedSegment main = ManagedSegment.openOrCreate(names.mainSegment(), segmentSize);
        DeviceCounterProtocol.attach(main, mutex);
        long handle = main.allocate(1024);
        ByteBuffer payload = main.buffer(handle, 1024);
        while (payload.hasRemaining()) {
            payload.put((byte) payload.position());
        }
        // and what a sending and receiving transport holds back at any time: a stock of chunks and
        // frees not yet done (jni/ChunkCache.h, jni/FreeBatch.h); the kill leaves them to the monitor
        main.tryAllocateCached(512);
        for (int i = 0; i < 3; i++) {
            main.deallocateBatched(main.allocate(256), 256);
        }
        long regionId = management.nextRegionId();
        SharedRegion region = SharedRegion.createOnly(names.region(regionId), regionSize);
        region.buffer(0, regionSize).put(0, (byte) 42);
        HeartbeatSender.start(names.controlQueue());
        System.out.println("READY " + regionId);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
