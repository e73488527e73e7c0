package org.fairmq.bench;

import java.util.concurrent.TimeUnit;
import org.fairmq.ipc.ManagedSegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * allocate(1024) + handle/address + deallocate through the Java API, against the same loop in C++
 * (build/native/fairmq_shmem_allocate_bench).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SegmentAllocateBenchmark {
    private final String name = "fmqbench_jmh_" + ProcessHandle.current().pid();
    private ManagedSegment segment;

    @Setup(Level.Trial)
    public void open() {
        segment = ManagedSegment.createOnly(name, 64 << 20);
    }

    @TearDown(Level.Trial)
    public void close() {
        segment.close();
        ManagedSegment.remove(name);
    }

    @Benchmark
    public long allocateHandleDeallocate() {
        long handle = segment.tryAllocate(1024);
        long address = segment.address(handle);
        segment.deallocate(segment.handle(address));
        return address;
    }
}
