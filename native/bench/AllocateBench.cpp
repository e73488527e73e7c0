// The C++ baseline of the Java benchmark SegmentAllocateBenchmark: allocate(1024) +
// get_handle_from_address + deallocate on a 64 MiB managed segment, through the same helper class
// the JNI code calls. Prints ns/op (median of 5 runs of 1,000,000).
#include <fairmq/shmem/jni/AssertHandler.h>
#include <fairmq/shmem/jni/ManagedSegment.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <unistd.h>

int main()
{
    using fair::mq::shmem::jni::ManagedSegment;
    using fair::mq::shmem::jni::OpenMode;
    const std::string name = "fmqbench_alloc_" + std::to_string(::getpid());
    constexpr int kOps = 1000000;
    std::vector<double> runs;
    {
        ManagedSegment segment(static_cast<int>(OpenMode::CreateOnly), name, 64 << 20);
        for (int run = 0; run < 5; ++run) {
            auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < kOps; ++i) {
                auto handle = segment.Allocate(1024);
                auto address = segment.AddressFromHandle(handle);
                segment.Deallocate(segment.HandleFromAddress(address));
            }
            std::chrono::duration<double, std::nano> elapsed = std::chrono::steady_clock::now() - start;
            runs.push_back(elapsed.count() / kOps);
        }
    }
    ManagedSegment::Remove(name);
    std::sort(runs.begin(), runs.end());
    std::printf("C++ allocate(1024)+handle+deallocate: %.1f ns/op (median of 5 x %d; min %.1f, max %.1f)\n", runs[2], kOps,
                runs.front(), runs.back());
    return 0;
}
