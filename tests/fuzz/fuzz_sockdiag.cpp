// libFuzzer harness for the kernel's socket-table answer (poolscope observe): the bytes go to
// SockDiagParser as one recv() would hand them. Either it refuses them with a message (or the
// kernel's error number), or every row it gives is a TCP socket of IPv4 or IPv6 in a state it
// names, with no counter made up where TCP_INFO was missing.
#include "fuzzcheck.h"
#include "sockdiagparser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    SockDiagParser parser;
    QList<ObservedSocket> rows;
    if (!parser.parse(bytes, &rows)) {
        fuzzCheck(!parser.error().isEmpty(), "every refusal has a message");
        fuzzCheck(!parser.done(), "a refused answer is not a finished dump");
        return 0;
    }
    for (const ObservedSocket &row : std::as_const(rows)) {
        const auto protocol = row.localAddress.protocol();
        fuzzCheck(protocol == QAbstractSocket::IPv4Protocol
                      || protocol == QAbstractSocket::IPv6Protocol,
                  "every row has an IPv4 or IPv6 address");
        fuzzCheck(row.remoteAddress.protocol() == QAbstractSocket::IPv4Protocol
                      || row.remoteAddress.protocol() == QAbstractSocket::IPv6Protocol,
                  "every row has an IPv4 or IPv6 peer");
        fuzzCheck(row.state <= EnumNames<TcpState>::last, "every state has a name");
        fuzzCheck(row.hasInfo || (row.rttUs == -1 && row.bytesAcked == -1),
                  "no counter without TCP_INFO");
    }
    return 0;
}
