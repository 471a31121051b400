#include "httpget.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTest>

QByteArray httpGet(const QUrl &url, int timeoutMs)
{
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    const bool finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, timeoutMs);
    const QByteArray body
        = finished && reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
    delete reply;
    return body;
}
