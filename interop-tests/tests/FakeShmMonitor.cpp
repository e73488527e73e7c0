// fake-shmmonitor: stands in for fairmq-shmmonitor in the --shm-monitor tests of
// fairmq-interop-device-v110 (PROTOCOL-V110.md 2.4). Installed by a test as <dir>/fairmq-shmmonitor
// with FAIRMQ_PATH=<dir>. It writes its argv, one argument per line (argv[0] included, empty
// arguments as empty lines), to $FAKE_SHMMONITOR_RECORD, then (unless $FAKE_SHMMONITOR_SILENT is
// set) creates the monitor mutex fmq_<shmid>_ms with named_mutex create_only, waits until the
// session's /dev/shm/fmq_<shmid>_mng is gone (at most 10 s), removes the mutex and exits 0.
// It does not daemonise: the device is expected to reap it.
#include <boost/interprocess/sync/named_mutex.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

int main(int argc, char** argv)
{
    namespace bipc = boost::interprocess;
    // like a daemon: do not hold the device's stdout/stderr pipes open
    const int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
    }
    std::string shmId;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--shmid") == 0) {
            shmId = argv[i + 1];
        }
    }
    if (const char* record = std::getenv("FAKE_SHMMONITOR_RECORD")) {
        const std::string partial = std::string(record) + ".partial";
        {
            std::ofstream out(partial);
            for (int i = 0; i < argc; ++i) {
                out << argv[i] << '\n';
            }
        }
        std::rename(partial.c_str(), record);   // complete before the mutex appears
    }
    if (shmId.empty() || std::getenv("FAKE_SHMMONITOR_SILENT") != nullptr) {
        return 0;
    }
    const std::string mutexName = "fmq_" + shmId + "_ms";
    const std::string mng = "/dev/shm/fmq_" + shmId + "_mng";
    try {
        bipc::named_mutex mutex(bipc::create_only, mutexName.c_str());
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        struct stat st{};
        // the device creates mng before it starts the monitor: wait until it is gone
        while (std::chrono::steady_clock::now() < end && stat(mng.c_str(), &st) == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    } catch (const bipc::interprocess_exception&) {
        return 1;
    }
    bipc::named_mutex::remove(mutexName.c_str());
    return 0;
}
