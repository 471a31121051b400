#pragma once

#include <QByteArray>
#include <QUrl>

// The body of GET url over loopback (never through a proxy), or empty when it failed or took
// longer than timeoutMs.
QByteArray httpGet(const QUrl &url, int timeoutMs = 60'000);
