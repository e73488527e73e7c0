// The test devices of PROTOCOL.md 8, one function each, with the reference's success strings
// (spelled "successfull", as the reference and its test suite spell them).
#include "Device.h"
#include "Log.h"

#include "../device/Stop.h"

#include <stdexcept>
#include <string>

namespace interop::testdevice
{

namespace
{

std::string str(std::int64_t n) { return std::to_string(n); }

void push(Device& d) { d.channel("data").sendEmpty(d.options().emptyForm); }

void pull(Device& d)
{
    if (d.channel("data").receive() >= 0) {
        logInfo("PUSH-PULL test successfull");
    }
}

void req(Device& d)
{
    Channel& data = d.channel("data");
    data.sendEmpty(d.options().emptyForm);
    if (data.receive() >= 0) {
        logInfo("received reply");
    }
}

void rep(Device& d)
{
    Channel& data = d.channel("data");
    for (int i = 1; i <= 2; ++i) {
        if (data.receive() >= 0) {
            logInfo("Received request " + std::to_string(i));
            data.sendEmpty(d.options().emptyForm);
        }
    }
    logInfo("REQ-REP test successfull");  // unconditionally, as the reference
}

void pub(Device& d)
{
    Channel& control = d.channel("control");
    const std::int64_t r1 = control.receive();
    const std::int64_t r2 = control.receive();
    if (r1 < 0 || r2 < 0) {
        logError("Failed receiving ready signal: r1 = " + str(r1) + ", r2 = " + str(r2));
        return;
    }
    logInfo("Received both ready signals, proceeding to publish data");
    const std::int64_t d1 = d.channel("data").sendEmpty(d.options().emptyForm);
    if (d1 >= 0) {
        logInfo("Sent data: d1 = " + str(d1));
    } else {
        logError("Failed sending data: d1 = " + str(d1));
    }
    const std::int64_t a1 = control.receive();
    const std::int64_t a2 = control.receive();
    if (a1 >= 0 && a2 >= 0) {
        logInfo("PUB-SUB test successfull");
    } else {
        logError("Failed receiving ack signal: a1 = " + str(a1) + ", a2 = " + str(a2));
    }
}

void sub(Device& d)
{
    Channel& control = d.channel("control");
    const std::int64_t r1 = control.sendEmpty(d.options().emptyForm);
    if (r1 < 0) {
        logError("Failed sending ready signal: r1 = " + str(r1));
        return;
    }
    logInfo("Sent first control signal");
    const std::int64_t d1 = d.channel("data").receive();
    if (d1 < 0) {
        logError("Failed receiving data: d1 = " + str(d1));
        return;
    }
    logInfo("Received data");
    const std::int64_t a1 = control.sendEmpty(d.options().emptyForm);
    if (a1 >= 0) {
        logInfo("Sent second control signal");
    } else {
        logError("Failed sending ack signal: a1 = " + str(a1));
    }
}

void pollOut(Device& d)
{
    d.channel("data1").sendEmpty(d.options().emptyForm);
    d.channel("data2").sendEmpty(d.options().emptyForm);
}

// --poll-type 0: a poller of the two sub-channels, checked by flat index; 1: a poller of the two
// channel names, checked by (name, 0).
void pollIn(Device& d)
{
    const int type = d.options().pollType;
    if (type != 0 && type != 1) {
        throw std::invalid_argument("wrong poll type provided: " + std::to_string(type));
    }
    std::vector<Channel*> channels;
    if (type == 0) {
        channels = {&d.channel("data1"), &d.channel("data2")};
    } else {
        for (const char* name : {"data1", "data2"}) {
            for (Channel* c : d.subChannels(name)) {
                channels.push_back(c);
            }
        }
    }
    Poller poller(channels);
    bool arrived1 = false;
    bool arrived2 = false;
    while (!(arrived1 && arrived2) && !device::stopRequested()) {
        poller.poll(100);
        if (type == 0 ? poller.checkInput(0) : poller.checkInput("data1", 0)) {
            logDebug(type == 0 ? "CheckInput(0) triggered" : "CheckInput(\"data1\", 0) triggered");
            arrived1 = arrived1 || d.channel("data1").receive() >= 0;
        }
        if (type == 0 ? poller.checkInput(1) : poller.checkInput("data2", 0)) {
            logDebug(type == 0 ? "CheckInput(1) triggered" : "CheckInput(\"data2\", 0) triggered");
            arrived2 = arrived2 || d.channel("data2").receive() >= 0;
        }
    }
    if (arrived1 && arrived2) {
        logInfo("POLL test successfull");
    }
}

void transferTimeout(Device& d)
{
    const bool sendCanceling = d.channel("data-out").sendEmpty(d.options().emptyForm, 100) == kTimeout;
    if (sendCanceling) {
        logInfo("send canceled");
    } else {
        logError("send did not cancel");
    }
    const bool receiveCanceling = d.channel("data-in").receive(100) == kTimeout;
    if (receiveCanceling) {
        logInfo("receive canceled");
    } else {
        logError("receive did not cancel");
    }
    if (sendCanceling && receiveCanceling) {
        logInfo("Transfer timeout test successfull");
    }
}

const DeviceKind kKinds[] = {
    {"pull_", true, pull},
    {"push_", true, push},
    {"sub_", true, sub},
    {"pub_", true, pub},
    {"req_", true, req},
    {"rep_", true, rep},
    {"transfer_timeout_", false, transferTimeout},
    {"pollout_", true, pollOut},
    {"pollin_", true, pollIn},
};

} // namespace

const DeviceKind* deviceKindFor(const std::string& id)
{
    for (const DeviceKind& kind : kKinds) {
        if (id.rfind(kind.prefix, 0) == 0) {
            return &kind;
        }
    }
    return nullptr;
}

} // namespace interop::testdevice
