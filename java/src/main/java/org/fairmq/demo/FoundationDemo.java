package org.fairmq.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fairmq.interop.CppPeer;
import org.fairmq.interop.Payloads;
import org.fairmq.ipc.DeviceCounterProtocol;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.NativeInfo;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.protocol.ShmNames;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A Java process and a C++ process (interop-tests' line-protocol peer, Boost only) sharing one main
 * segment, device counter, control queue, named mutex and region, printing what each side sees.
 * Uses its own name prefix and removes everything it created.
 */
@Command(name = "foundation-demo", mixinStandardHelpOptions = true,
        description = "Java and C++ share one boost::interprocess segment, counter, queue, mutex and region.")
public final class FoundationDemo implements Callable<Integer> {
    @Option(names = "--peer", description = "the C++ peer executable", defaultValue = "build/interop-tests/fairmq-interop-peer")
    private Path peer;

    @Option(names = "--prefix", description = "object name prefix (default: a unique demo prefix)")
    private String prefix;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FoundationDemo()).execute(args));
    }

    @Override
    public Integer call() {
        ShmNames names = ShmNames.withPrefix(prefix != null ? prefix : "fmqdemo_" + ProcessHandle.current().pid() + "_");
        System.out.printf("Java: Boost %s (native library of this jar); objects named %s*%n", NativeInfo.boostVersion(),
                names.prefix());
        try (CppPeer cpp = CppPeer.start(peer)) {
            System.out.printf("C++:  Boost %s (peer pid %d)%n", cpp.ok("boost-version"), cpp.process().pid());
            run(names, cpp);
        } finally {
            ManagedSegment.remove(names.mainSegment());
            ManagedSegment.remove(names.managementSegment());
            MessageQueue.remove(names.controlQueue());
            SharedRegion.remove(names.region(1));
            NamedMutex.remove(names.mutex());
        }
        System.out.println("Done: every object of the demo removed.");
        return 0;
    }

    private static void run(ShmNames names, CppPeer cpp) {
        String main = names.mainSegment();
        try (NamedMutex mutex = NamedMutex.openOrCreate(names.mutex());
                ManagedSegment management = ManagedSegment.openOrCreate(names.managementSegment(),
                        Protocol2017.MANAGEMENT_SEGMENT_SIZE);
                ManagedSegment segment = ManagedSegment.openOrCreate(main, 64L << 20);
                MessageQueue queue = MessageQueue.openOrCreate(names.controlQueue(), Protocol2017.CONTROL_QUEUE_CAPACITY,
                        Protocol2017.CONTROL_QUEUE_MESSAGE_SIZE)) {
            System.out.printf("Java: created segment \"%s\" of %d bytes, %d free%n", main, segment.size(), segment.freeMemory());
            System.out.printf("Java: device counter -> %d%n", DeviceCounterProtocol.attach(segment, mutex));
            cpp.ok("segment-open " + main);
            System.out.printf("C++:  device counter -> %s%n", cpp.ok("device-attach " + main + " " + names.mutex()));

            long handle = segment.allocate(1 << 16);
            Payloads.fill(segment.buffer(handle, 1 << 16), 42);
            System.out.printf("Java: wrote 65536 pattern bytes at handle %d%n", handle);
            cpp.ok("read-verify " + main + " " + handle + " 65536 42");
            cpp.ok("free " + main + " " + handle);
            System.out.printf("C++:  read the same 65536 bytes through handle %d and freed the chunk%n", handle);

            long cppHandle = cpp.okLong("alloc-write " + main + " 4096 7");
            boolean same = Payloads.firstMismatch(segment.buffer(cppHandle, 4096), 7) < 0;
            segment.deallocate(cppHandle);
            System.out.printf("C++:  wrote 4096 pattern bytes at handle %d%nJava: read them %s and freed the chunk; free memory %d%n",
                    cppHandle, same ? "intact" : "CORRUPTED", segment.freeMemory());

            cpp.ok("queue-open " + names.controlQueue());
            cpp.ok("queue-send " + names.controlQueue() + " 1 100");
            System.out.printf("C++:  sent a heartbeat; Java received byte %d%n", queue.receiveByte(1000));
            queue.sendByte(1, 100);
            System.out.printf("Java: sent a heartbeat; C++ received byte %s%n", cpp.ok("queue-receive " + names.controlQueue() + " 1000"));

            cpp.ok("mutex-open " + names.mutex());
            cpp.ok("mutex-lock " + names.mutex());
            System.out.printf("C++:  holds \"%s\"; Java try_lock -> %b%n", names.mutex(), mutex.tryLock());
            cpp.ok("mutex-unlock " + names.mutex());
            boolean got = mutex.timedLock(1000);
            System.out.printf("C++:  released it; Java timed_lock -> %b; C++ try_lock -> %s%n", got,
                    cpp.ok("mutex-trylock " + names.mutex()));
            mutex.unlock();

            long id = management.nextRegionId();
            try (SharedRegion region = SharedRegion.createOnly(names.region(id), 1 << 20)) {
                Payloads.fill(region.buffer(0, 1 << 20), 99);
                cpp.ok("region-open " + names.region(id));
                cpp.ok("region-verify " + names.region(id) + " 0 1048576 99");
                System.out.printf("Java: created region %d \"%s\"; C++ mapped it and verified 1048576 bytes%n", id,
                        names.region(id));
                cpp.ok("region-close " + names.region(id));
                SharedRegion.remove(names.region(id));
            }

            System.out.printf("C++:  device counter -> %s%n", cpp.ok("device-detach " + main + " " + names.mutex() + " "
                    + names.managementSegment()).split(" ")[0]);
            DeviceCounterProtocol.Detached last = DeviceCounterProtocol.detach(segment, mutex, names);
            System.out.printf("Java: device counter -> %d; last out removed main=%b management=%b%n", last.counter(),
                    last.removedMain(), last.removedManagement());
        }
    }
}
