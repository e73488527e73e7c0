// fairmq-interop-testdevice: the reference's protocol test helper (PROTOCOL.md 8) written in C++17
// from the specification, with Boost.Interprocess and libzmq only. It reads the same configuration
// file, picks the device by id prefix, runs INIT_DEVICE .. END as `--control static` does and prints
// the same success strings, so a test can pair it with the Java twin (bin/fairmq-testdevice).
#include "Config.h"
#include "Device.h"
#include "Log.h"
#include "Options.h"

#include "../device/Stop.h"

#include <chrono>
#include <exception>
#include <iostream>
#include <thread>

using namespace interop::testdevice;

namespace
{

void sleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// The states a static run passes through (6.6.3, 6.6.4), with the reference's log lines.
int runStatic(const Options& o, const DeviceKind& kind, const std::vector<SubChannelSpec>& specs)
{
    logState("Starting FairMQ state machine");
    Device device(o);
    try {
        logState("Entering INITIALIZING DEVICE state");
        device.initialize(specs);
        if (kind.sleeps) {
            sleepMs(200);  // Init()
        }
        logState("Entering DEVICE READY state");
        logState("Entering INITIALIZING TASK state");
        logState("Entering READY state");
        logState("Entering RUNNING state");
        kind.run(device);
        logState("RUNNING state finished without an external event, entering READY state");
        logState("Entering RESETTING TASK state");
        logState("Entering DEVICE READY state");
        logState("Entering RESETTING DEVICE state");
        if (kind.sleeps) {
            sleepMs(100);  // Reset()
        }
        device.closeChannels();
        logState("Entering IDLE state");
        logState("Entering EXITING state");
        device.shutdownTransports();
        return 0;
    } catch (const std::exception& e) {
        // Unlike the reference (ERROR is terminal, the process hangs), the test helper leaves
        // cleanly so that the shared memory is released and the test sees exit code 1.
        logError(e.what());
        logState("Entering ERROR state");
        return 1;
    }
}

} // namespace

int main(int argc, char** argv)
{
    interop::device::installStopHandlers();
    Options o;
    try {
        o = parseOptions(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << e.what() << "\n" << usage();
        return 2;
    }
    if (o.help) {
        std::cerr << usage();
        return 0;
    }
    configureLog(o.verbosity, o.logColor);
    if (o.id.empty()) {
        logError("Device id not provided, provide with --id");
        return 1;
    }
    const DeviceKind* kind = deviceKindFor(o.id);
    if (kind == nullptr) {
        std::cerr << "Don't know id '" << o.id << "'" << std::endl;
        logError("getDevice(): no valid device provided. Exiting.");
        return 1;
    }
    if (o.control != "static") {
        logWarn("--control " + o.control + " is not supported by the test helper; running as static");
    }
    std::vector<SubChannelSpec> specs;
    try {
        if (o.mqConfig.empty()) {
            throw ConfigError("no channel configuration: give --mq-config <file.json>");
        }
        specs = readChannels(o.mqConfig, o.id);
    } catch (const ConfigError& e) {
        logError(e.what());
        return 1;
    }
    try {
        return runStatic(o, *kind, specs);
    } catch (const std::exception& e) {  // transport creation or shutdown
        logError(e.what());
        return 1;
    }
}
