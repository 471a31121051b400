#include "latencyhistogram.h"

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

QTEST_GUILESS_MAIN(tst_LatencyHistogram)
#include "tst_latencyhistogram.moc"
