// Unique object-name prefixes for tests and the /dev/shm checks that go with them.
#ifndef INTEROP_TESTS_SHMHYGIENE_H
#define INTEROP_TESTS_SHMHYGIENE_H

#include <string>
#include <vector>

namespace interop::test
{

// "fmqpeer_test_<pid>_<n>_<tag>_": unique per process and call.
std::string uniquePrefix(const std::string& tag);

// Entries of /dev/shm that belong to `prefix`: "<prefix>*" and the semaphores "sem.<prefix>*".
std::vector<std::string> shmEntries(const std::string& prefix);

// Removes every such entry; returns how many were removed.
int removeShmEntries(const std::string& prefix);

// Removes the prefix's objects on construction and destruction, so a failing test leaves nothing.
class ShmScope
{
  public:
    explicit ShmScope(std::string prefix);
    ~ShmScope();
    ShmScope(const ShmScope&) = delete;
    ShmScope& operator=(const ShmScope&) = delete;

    const std::string& prefix() const { return prefix_; }

  private:
    std::string prefix_;
};

} // namespace interop::test

#endif // INTEROP_TESTS_SHMHYGIENE_H
