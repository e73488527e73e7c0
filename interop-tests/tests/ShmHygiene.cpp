#include "ShmHygiene.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

namespace interop::test
{

namespace fs = std::filesystem;

namespace
{

const fs::path kShmDir = "/dev/shm";

bool belongs(const std::string& file, const std::string& prefix)
{
    return file.rfind(prefix, 0) == 0 || file.rfind("sem." + prefix, 0) == 0;
}

} // namespace

std::string uniquePrefix(const std::string& tag)
{
    static std::atomic<int> counter{0};
    return "fmqpeer_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + tag + "_";
}

std::vector<std::string> shmEntries(const std::string& prefix)
{
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(kShmDir, ec)) {
        const std::string file = entry.path().filename().string();
        if (belongs(file, prefix)) {
            found.push_back(file);
        }
    }
    return found;
}

int removeShmEntries(const std::string& prefix)
{
    int removed = 0;
    for (const auto& file : shmEntries(prefix)) {
        std::error_code ec;
        if (fs::remove(kShmDir / file, ec)) {
            ++removed;
        }
    }
    return removed;
}

ShmScope::ShmScope(std::string prefix) : prefix_(std::move(prefix)) { removeShmEntries(prefix_); }

ShmScope::~ShmScope() { removeShmEntries(prefix_); }

} // namespace interop::test
