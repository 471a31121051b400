// libFuzzer harness for one protocol's response parser (POOLSCOPE_FUZZ_PROTOCOL, set per
// binary by CMakeLists.txt). The input is one control byte, then the bytes a server sends. The
// control byte picks the max response size (bits 3-4: 1 KiB, the smallest accepted, to
// 16 MiB, the default) and how the stream arrives (bits 5-7: in chunks of 1 to 2^n bytes,
// their sizes drawn from a generator seeded with the byte), so the fuzzer varies limits and
// splits as it varies the bytes. The stream is read whole and in those chunks; both must read
// the same responses.
#include "fuzzcheck.h"
#include "parserrun.h"
#include "protocol.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace {

Protocol protocolFor(quint8 control)
{
    constexpr std::array<qint64, 4> Limits{1024, 4096, 64 * 1024,
                                           Protocol::DefaultMaxResponseBytes};
    Protocol protocol;
    protocol.kind = POOLSCOPE_FUZZ_PROTOCOL;
    protocol.maxResponseBytes = Limits[(control >> 3) & 3];
    fuzzCheck(protocol.validate().isEmpty(), "the harness's protocol settings are valid");
    return protocol;
}

QList<ParserRun::Response> readInChunks(const Protocol &protocol, const QByteArray &stream,
                                        quint8 control)
{
    const quint32 largest = 1u << (control >> 5);
    quint32 state = 2654435761u * (control + 1u); // xorshift32: any state but 0
    ParserRun run(protocol, stream);
    for (qsizetype at = 0; at < stream.size();) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        const qsizetype chunk = std::min<qsizetype>(1 + state % largest, stream.size() - at);
        run.feed(chunk);
        at += chunk;
    }
    run.close();
    return run.responses();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const quint8 control = data[0];
    const QByteArray stream(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    const Protocol protocol = protocolFor(control);

    ParserRun whole(protocol, stream);
    if (!stream.isEmpty())
        whole.feed(stream.size());
    whole.close();

    const QList<ParserRun::Response> chunked = readInChunks(protocol, stream, control);
    const QList<ParserRun::Response> &expected = whole.responses();
    fuzzCheck(chunked.size() == expected.size(),
              "the stream in chunks reads as many responses as the stream whole");
    for (qsizetype i = 0; i < expected.size(); ++i)
        fuzzCheck(chunked.at(i).sameAs(expected.at(i)),
                  "the stream in chunks reads the same responses as the stream whole");
    return 0;
}
