#include "latencyhistogram.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <random>

class tst_LatencyHistogram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void empty();
    void exactSmallValues();
    void percentilesWithinError_data();
    void percentilesWithinError();
    void mergeAddsCounts();
    void hugeAndNegativeValuesAreClamped();
    void jsonIsLossless();
    void jsonRefusesWhatCouldNotBeRecorded_data();
    void jsonRefusesWhatCouldNotBeRecorded();
};

void tst_LatencyHistogram::empty()
{
    LatencyHistogram h;
    QCOMPARE(h.count(), 0u);
    QCOMPARE(h.percentile(50), 0);
    QCOMPARE(h.max(), 0);
    QCOMPARE(h.mean(), 0.0);
}

void tst_LatencyHistogram::exactSmallValues()
{
    LatencyHistogram h;
    for (int v = 1; v <= 10; ++v)
        h.record(v);
    QCOMPARE(h.percentile(50), 5);
    QCOMPARE(h.percentile(90), 9);
    QCOMPARE(h.percentile(100), 10);
    QCOMPARE(h.min(), 1);
    QCOMPARE(h.mean(), 5.5);
}

void tst_LatencyHistogram::percentilesWithinError_data()
{
    QTest::addColumn<qint64>("scale");
    QTest::newRow("microseconds") << qint64(1'000);
    QTest::newRow("milliseconds") << qint64(1'000'000);
    QTest::newRow("seconds") << qint64(1'000'000'000);
}

void tst_LatencyHistogram::percentilesWithinError()
{
    QFETCH(qint64, scale);
    std::mt19937_64 rng(42);
    std::lognormal_distribution<double> dist(0.0, 1.0);
    std::vector<qint64> values;
    LatencyHistogram h;
    for (int i = 0; i < 20'000; ++i) {
        const auto v = qint64(dist(rng) * double(scale));
        values.push_back(v);
        h.record(v);
    }
    std::sort(values.begin(), values.end());
    for (double q : {50.0, 90.0, 99.0}) {
        const qint64 exact = values[size_t(std::ceil(q / 100 * values.size())) - 1];
        const double error = std::abs(double(h.percentile(q) - exact)) / double(exact);
        QVERIFY2(error < 0.02, qPrintable(QStringLiteral("p%1 off by %2").arg(q).arg(error)));
    }
    QCOMPARE(h.max(), values.back());
}

void tst_LatencyHistogram::mergeAddsCounts()
{
    LatencyHistogram a, b;
    a.record(100);
    b.record(1'000'000);
    b.record(2'000'000);
    a.merge(b);
    QCOMPARE(a.count(), 3u);
    QCOMPARE(a.min(), 100);
    QCOMPARE(a.max(), 2'000'000);
    QVERIFY(std::abs(a.percentile(50) - 1'000'000) < 20'000);
}

void tst_LatencyHistogram::hugeAndNegativeValuesAreClamped()
{
    LatencyHistogram h;
    h.record(-5);
    h.record(std::numeric_limits<qint64>::max() / 4);
    QCOMPARE(h.count(), 2u);
    QCOMPARE(h.min(), 0);
    QVERIFY(h.max() > 19 * 3600 * qint64(1'000'000'000));
    QCOMPARE(h.percentile(100), h.max());
    QVERIFY(h.mean() > 0);
}

void tst_LatencyHistogram::jsonIsLossless()
{
    QCOMPARE(LatencyHistogram().toJson(), QJsonObject());
    QString error;
    QCOMPARE(LatencyHistogram::fromJson({}, &error), LatencyHistogram());

    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> dist(13.0, 3.0);
    LatencyHistogram h;
    for (int i = 0; i < 5'000; ++i)
        h.record(qint64(dist(rng)));
    h.record(-1);
    h.record(std::numeric_limits<qint64>::max());
    // Through text, as a recording holds it.
    const QByteArray text = QJsonDocument(h.toJson()).toJson(QJsonDocument::Compact);
    const auto back = LatencyHistogram::fromJson(QJsonDocument::fromJson(text).object(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, h);
    QCOMPARE(back->mean(), h.mean());
    for (double q : {0.0, 50.0, 99.9, 100.0})
        QCOMPARE(back->percentile(q), h.percentile(q));
    QCOMPARE(back->toJsonMs(), h.toJsonMs());
}

void tst_LatencyHistogram::jsonRefusesWhatCouldNotBeRecorded_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    const auto row = [](const char *name, const char *json, const char *mentions) {
        QTest::newRow(name) << QByteArray(json) << QString::fromUtf8(mentions);
    };
    row("count not a number", R"({"count": "3"})", "count: \"3\" is not accepted");
    row("negative count", R"({"count": -1})", "count: -1");
    row("fractional min", R"({"count": 1, "min": 0.5})", "min: 0.5");
    row("max over the ceiling", R"({"count": 1, "max": 1e300})", "max: 1e+300");
    row("sum not a number", R"({"count": 1, "sum": true})", "sum: true");
    row("buckets not a list", R"({"count": 1, "buckets": {}})", "buckets: an object");
    row("index out of range", R"({"count": 1, "buckets": [[99999, 1]]})", "buckets[0]: [99999,1]");
    row("empty bucket", R"({"count": 0, "buckets": [[3, 0]]})", "buckets[0]");
    row("out of order", R"({"count": 2, "buckets": [[5, 1], [4, 1]]})", "buckets[1]");
    row("not a pair", R"({"count": 1, "buckets": [7]})", "buckets[0]: 7");
    row("count disagrees", R"({"count": 3, "min": 5, "max": 5, "buckets": [[5, 2]]})",
        "count: 3 is not the sum of the bucket counts (2)");
    row("min outside", R"({"count": 1, "min": 4, "max": 5, "buckets": [[5, 1]]})", "min, max");
    row("min above max", R"({"count": 2, "min": 5, "max": 4, "buckets": [[4, 1], [5, 1]]})",
        "min, max");
    row("empty with a max", R"({"max": 5})", "count: 0");
}

void tst_LatencyHistogram::jsonRefusesWhatCouldNotBeRecorded()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    QString error;
    QVERIFY(!LatencyHistogram::fromJson(QJsonDocument::fromJson(json).object(), &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_LatencyHistogram)
#include "tst_latencyhistogram.moc"
