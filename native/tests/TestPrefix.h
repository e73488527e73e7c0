// A name prefix unique to this test process, and a check that it left nothing in /dev/shm.
#ifndef FAIRMQ_SHMEM_TESTS_TESTPREFIX_H
#define FAIRMQ_SHMEM_TESTS_TESTPREFIX_H

#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

namespace fair::mq::shmem::test
{

inline std::string UniquePrefix(const std::string& test)
{
    return "fmqnative_" + test + "_" + std::to_string(::getpid()) + "_";
}

/// Files in /dev/shm whose name contains `prefix` (named semaphores appear as "sem.<name>").
inline std::vector<std::string> LeftInDevShm(const std::string& prefix)
{
    std::vector<std::string> left;
    for (const auto& entry : std::filesystem::directory_iterator("/dev/shm")) {
        auto name = entry.path().filename().string();
        if (name.find(prefix) != std::string::npos) {
            left.push_back(name);
        }
    }
    return left;
}

} // namespace fair::mq::shmem::test

#endif // FAIRMQ_SHMEM_TESTS_TESTPREFIX_H
