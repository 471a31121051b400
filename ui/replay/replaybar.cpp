#include "replaybar.h"

#include "presentation.h"
#include "replayplayer.h"
#include "throttle.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

// A slider dragged seeks at most this often: each seek feeds the views a history afresh.
constexpr int SeekIntervalMs = 150;
// A long file name is shortened in its middle (the whole path is in the tooltip), so the bar
// fits a 1280-pixel window with the jump buttons beside it.
constexpr int MaxFileNameWidth = 260;

QString kindName(EventKind kind)
{
    switch (kind) {
    case EventKind::Evicted:
        return ReplayBar::tr("eviction");
    case EventKind::WaiterTimedOut:
        return ReplayBar::tr("acquire timeout");
    case EventKind::DialFailed:
        return ReplayBar::tr("dial failure");
    default:
        return Presentation::kindLabel(kind);
    }
}

QString objectNameOf(EventKind kind)
{
    return enumName(kind).remove(u'_');
}

} // namespace

ReplayBar::ReplayBar(ReplayPlayer *player, QWidget *parent)
    : QWidget(parent)
    , m_player(player)
    , m_description(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_message(new QLabel(this))
    , m_play(new QPushButton(this))
    , m_speed(new QComboBox(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_time(new QLabel(this))
    , m_seeks(new Throttle(
          SeekIntervalMs,
          [this] { m_player->seek(m_player->startNs() + m_slider->value() * StepNs); }, this))
{
    setObjectName(u"replayBar"_s);
    const Replay &replay = player->replay();
    m_description->setObjectName(u"replayDescription"_s);
    m_description->setText(
        tr("<b>Recording</b> %1 · began %2 · %3 long · <b>recording — nothing is live</b>")
            .arg(fontMetrics()
                     .elidedText(QFileInfo(player->fileName()).fileName(), Qt::ElideMiddle,
                                 MaxFileNameWidth)
                     .toHtmlEscaped(),
                 replay.header().startedAt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s),
                 clockText(replay.durationNs())));
    m_description->setToolTip(player->fileName());
    m_notice->setObjectName(u"replayNotice"_s);
    m_notice->setText(replay.notice());
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(u"color: #9a5b00"_s);
    m_notice->setVisible(!replay.notice().isEmpty());
    m_message->setObjectName(u"replayMessage"_s);

    m_play->setObjectName(u"replayPlay"_s);
    m_speed->setObjectName(u"replaySpeed"_s);
    for (const int speed : {1, 10, 100})
        m_speed->addItem(tr("%1x").arg(speed), speed);
    m_speed->setToolTip(tr("Recorded seconds played per second"));
    m_slider->setObjectName(u"replaySlider"_s);
    m_slider->setRange(0, int(replay.durationNs() / StepNs));
    m_slider->setPageStep(int(1'000'000'000 / StepNs));
    m_slider->setToolTip(tr("The moment shown: the table, lanes, statistics and event log as they "
                            "were then, the timelines up to it"));
    m_time->setObjectName(u"replayTime"_s);
    // As wide as the longest time it will show, so the slider does not move as it plays.
    m_time->setMinimumWidth(m_time->fontMetrics().horizontalAdvance(
        tr("%1 / %2").arg(clockText(replay.durationNs()), clockText(replay.durationNs()))
        + u"  "_s));

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_description);
    top->addWidget(m_message, 1);
    top->addWidget(new QLabel(tr("Jump to:"), this));
    for (const EventKind kind : JumpKinds)
        top->addWidget(jumpButtons(kind));
    auto *bottom = new QHBoxLayout;
    bottom->setContentsMargins(0, 0, 0, 0);
    bottom->addWidget(m_play);
    bottom->addWidget(m_speed);
    bottom->addWidget(m_slider, 1);
    bottom->addWidget(m_time);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 3, 6, 3);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_notice);
    layout->addLayout(bottom);

    connect(m_play, &QPushButton::clicked, this,
            [this] { m_player->setPlaying(!m_player->isPlaying()); });
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_player->setSpeed(m_speed->currentData().toInt()); });
    connect(m_slider, &QSlider::valueChanged, this, [this] {
        if (!m_showing)
            m_seeks->request();
    });
    connect(player, &ReplayPlayer::moved, this, &ReplayBar::showPosition);
    connect(player, &ReplayPlayer::playingChanged, this, &ReplayBar::showPlaying);
    showPlaying(player->isPlaying());
    showPosition(player->positionNs());
}

QWidget *ReplayBar::jumpButtons(EventKind kind)
{
    auto *box = new QWidget(this);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    const QString name = kindName(kind);
    auto *previous = new QPushButton(u"◂"_s, box);
    previous->setObjectName(u"replayPrevious_"_s + objectNameOf(kind));
    previous->setToolTip(tr("Go back to the previous %1").arg(name));
    auto *label = new QLabel(name, box);
    label->setContentsMargins(4, 0, 4, 0);
    auto *next = new QPushButton(u"▸"_s, box);
    next->setObjectName(u"replayNext_"_s + objectNameOf(kind));
    next->setToolTip(tr("Go on to the next %1").arg(name));
    for (QPushButton *button : {previous, next})
        button->setMaximumWidth(button->fontMetrics().horizontalAdvance(u"◂"_s) * 3 + 8);
    layout->addWidget(previous);
    layout->addWidget(label);
    layout->addWidget(next);
    connect(previous, &QPushButton::clicked, this, [this, kind] { jump(kind, false); });
    connect(next, &QPushButton::clicked, this, [this, kind] { jump(kind, true); });
    return box;
}

QPushButton *ReplayBar::nextButton(EventKind kind) const
{
    return findChild<QPushButton *>(u"replayNext_"_s + objectNameOf(kind));
}

QPushButton *ReplayBar::previousButton(EventKind kind) const
{
    return findChild<QPushButton *>(u"replayPrevious_"_s + objectNameOf(kind));
}

QString ReplayBar::message() const
{
    return m_message->text();
}

QString ReplayBar::description() const
{
    return m_description->text();
}

void ReplayBar::jump(EventKind kind, bool next)
{
    const qint64 from = m_player->positionNs();
    const std::optional<PoolEvent> event
        = next ? m_player->jumpToNext(kind) : m_player->jumpToPrevious(kind);
    const QString name = kindName(kind);
    const qint64 start = m_player->startNs();
    if (!event) {
        m_message->setText(next ? tr("No %1 after %2").arg(name, clockText(from - start))
                                : tr("No %1 before %2").arg(name, clockText(from - start)));
        return;
    }
    QString what = tr("%1 at %2").arg(name, clockText(event->timeNs - start));
    if (event->connectionId)
        what += u", "_s + tr("connection %1").arg(event->connectionId);
    if (event->reason != EvictionReason::None)
        what += u": "_s + Presentation::reasonLabel(event->reason);
    else if (event->dialError != DialError::None)
        what += u": "_s + Presentation::dialErrorLabel(event->dialError);
    m_message->setText(what);
}

void ReplayBar::showPosition(qint64 timeNs)
{
    const qint64 sinceStart = timeNs - m_player->startNs();
    m_showing = true;
    if (!m_slider->isSliderDown())
        m_slider->setValue(int(sinceStart / StepNs));
    m_showing = false;
    m_time->setText(
        tr("%1 / %2").arg(clockText(sinceStart), clockText(m_player->replay().durationNs())));
}

void ReplayBar::showPlaying(bool playing)
{
    m_play->setText(playing ? tr("Pause") : tr("Play"));
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setToolTip(playing ? tr("Pause the replay") : tr("Play the recording from here"));
}

QString ReplayBar::clockText(qint64 ns)
{
    const qint64 tenths = std::max<qint64>(0, ns) / 100'000'000;
    return u"%1:%2.%3"_s.arg(tenths / 600)
        .arg(tenths / 10 % 60, 2, 10, QLatin1Char('0'))
        .arg(tenths % 10);
}
