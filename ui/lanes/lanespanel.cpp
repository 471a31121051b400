#include "lanespanel.h"

#include "laneview.h"
#include "legend.h"
#include "presentation.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

LanesPanel::LanesPanel(const ConnectionLedger *ledger, QWidget *parent)
    : QWidget(parent)
    , m_view(new LaneView(ledger, this))
    , m_span(new QLabel(this))
    , m_live(new QToolButton(this))
    , m_hideClosed(new QCheckBox(tr("Hide closed"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 0, 4, 0);
    auto *title = new QLabel(tr("<b>Connection lanes</b>"), this);
    title->setToolTip(tr("One lane per connection across time. Hover for details, click to "
                         "select, Ctrl+wheel to zoom, Shift+wheel to scroll back, End to go "
                         "live."));
    bar->addWidget(title);
    auto *legend = new Legend(this);
    using P = Presentation;
    for (const P::Activity activity : {P::Activity::Dialing, P::Activity::Idle, P::Activity::InUse})
        legend->addSwatch(P::activityColor(activity), P::activityLabel(activity));
    legend->addSwatch(P::handshakeColor(), tr("simulated handshake"), Qt::BDiagPattern,
                      QColor(0xFF, 0xF4, 0xD6));
    legend->addMark(P::closeMarkColor(), tr("closed (reason)"));
    legend->setToolTip(tr("When zoomed out, a pixel mixes the colours of what happened in "
                          "it."));
    bar->addWidget(legend, 1);

    m_span->setObjectName(u"laneSpan"_s);
    bar->addWidget(m_span);
    auto *zoomOut = new QToolButton(this);
    zoomOut->setText(u"−"_s);
    zoomOut->setToolTip(tr("Show more time (-)"));
    connect(zoomOut, &QToolButton::clicked, this,
            [this] { m_view->setSpanNs(m_view->spanNs() * 2); });
    bar->addWidget(zoomOut);
    auto *zoomIn = new QToolButton(this);
    zoomIn->setText(u"+"_s);
    zoomIn->setToolTip(tr("Show less time, in more detail (+)"));
    connect(zoomIn, &QToolButton::clicked, this,
            [this] { m_view->setSpanNs(m_view->spanNs() / 2); });
    bar->addWidget(zoomIn);
    m_live->setObjectName(u"laneLive"_s);
    m_live->setText(tr("Live"));
    m_live->setCheckable(true);
    m_live->setChecked(true);
    m_live->setToolTip(tr("Follow the present (End). Scrolling back turns this off."));
    connect(m_live, &QToolButton::clicked, m_view, &LaneView::setFollowing);
    connect(m_view, &LaneView::followingChanged, m_live, &QToolButton::setChecked);
    bar->addWidget(m_live);
    m_hideClosed->setObjectName(u"laneHideClosed"_s);
    m_hideClosed->setToolTip(tr("Keep only the lanes of open connections. Otherwise the closed "
                                "ones are folded into one row below them (how many, why, and "
                                "a tick where each closed); click it to show their lanes."));
    connect(m_hideClosed, &QCheckBox::toggled, m_view, &LaneView::setHideClosed);
    bar->addWidget(m_hideClosed);
    layout->addLayout(bar);

    m_view->setObjectName(u"laneView"_s);
    connect(m_view, &LaneView::spanChanged, this, &LanesPanel::showSpan);
    layout->addWidget(m_view, 1);
    showSpan(m_view->spanNs());
}

void LanesPanel::setEpochNs(qint64 epochNs)
{
    m_view->setEpochNs(epochNs);
}

void LanesPanel::refresh()
{
    m_view->refresh();
}

void LanesPanel::showSpan(qint64 spanNs)
{
    m_span->setText(tr("%1 across").arg(Presentation::duration(spanNs)));
}
