#include "Monitor.h"

#include <boost/interprocess/sync/named_mutex.hpp>

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace interop::v110
{

namespace bipc = boost::interprocess;

namespace
{

constexpr int kPollIntervalMs = 10;     // 2.4 step 4
constexpr int kPollAttempts = 1000;

bool monitorPresent(const std::string& name)
{
    try {
        bipc::named_mutex mutex(bipc::open_only, name.c_str());
        return true;
    } catch (const bipc::interprocess_exception&) {
        return false;
    }
}

bool isExecutable(const std::string& file)
{
    struct stat st{};
    return stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(file.c_str(), X_OK) == 0;
}

} // namespace

std::string searchExecutable(const std::string& name, const char* fairmqPath, const char* path)
{
    std::vector<std::string> directories;
    if (fairmqPath != nullptr && *fairmqPath != '\0') {
        directories.emplace_back(fairmqPath);   // one directory, prepended (2.4 step 2)
    }
    if (path != nullptr) {
        std::string entries(path);
        std::size_t from = 0;
        for (;;) {
            const std::size_t colon = entries.find(':', from);
            const std::string entry = entries.substr(from, colon == std::string::npos ? std::string::npos : colon - from);
            if (!entry.empty()) {
                directories.push_back(entry);
            }
            if (colon == std::string::npos) {
                break;
            }
            from = colon + 1;
        }
    }
    for (const auto& directory : directories) {
        const std::string candidate = directory + (directory.back() == '/' ? "" : "/") + name;
        if (isExecutable(candidate)) {
            return candidate;
        }
    }
    return {};
}

void startMonitor(const Names& names, bool verbose)
{
    const std::string& id = names.shmId();
    if (monitorPresent(names.monitorMutex())) {
        if (verbose) {
            std::cerr << "Found fairmq-shmmonitor for shared memory id " << id << std::endl;
        }
        return;
    }
    if (verbose) {
        std::cerr << "no fairmq-shmmonitor found for shared memory id " << id << ", starting..." << std::endl;
    }
    const std::string executable = searchExecutable("fairmq-shmmonitor", std::getenv("FAIRMQ_PATH"), std::getenv("PATH"));
    if (executable.empty()) {
        std::cerr << "WARN: could not find fairmq-shmmonitor in \"$FAIRMQ_PATH:$PATH\"" << std::endl;
        return;
    }
    const char* verboseEnv = std::getenv("FAIRMQ_SHMMONITOR_VERBOSE");
    const bool monitorVerbose = verboseEnv != nullptr && std::strcmp(verboseEnv, "true") == 0;
    // 2.4 step 3: exactly these arguments, the last one an empty string without the variable
    std::vector<std::string> args{"fairmq-shmmonitor", "-x", "-m", "--shmid", id, "-d", "-t", "2000",
                                  monitorVerbose ? "--verbose" : ""};
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, executable.c_str(), nullptr, nullptr, argv.data(), environ);
    if (rc != 0) {
        throw std::runtime_error("could not start " + executable + ": " + std::strerror(rc));
    }
    // The monitor daemonises: its first process exits at once. Reap it (and any other spawned
    // child, whenever it ends) so that it does not stay a zombie until the device exits.
    std::thread([pid] {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }).detach();
    for (int attempt = 0; attempt < kPollAttempts; ++attempt) {
        if (monitorPresent(names.monitorMutex())) {
            if (verbose) {
                std::cerr << "Started fairmq-shmmonitor for shared memory id " << id << std::endl;
            }
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(kPollIntervalMs));
    }
    throw std::runtime_error("Did not get response from fairmq-shmmonitor after "
                             + std::to_string(kPollIntervalMs * kPollAttempts) + " milliseconds. Exiting.");
}

} // namespace interop::v110
