#pragma once

#include "poolevent.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class ReplayPlayer;
class Throttle;

// What a window on a recording shows above its views: that it is a recording and nothing is
// live (the file, when it began, how long it is, and where a cut-off file ends), a time slider
// over the whole of it, play/pause at 1x, 10x or 100x, and jumps to the previous and next
// eviction, acquire timeout and dial failure.
class ReplayBar : public QWidget
{
    Q_OBJECT
public:
    // The kinds of event there are jumps to.
    static constexpr EventKind JumpKinds[]
        = {EventKind::Evicted, EventKind::WaiterTimedOut, EventKind::DialFailed};

    explicit ReplayBar(ReplayPlayer *player, QWidget *parent = nullptr);

    QSlider *slider() const { return m_slider; }
    QPushButton *playButton() const { return m_play; }
    QComboBox *speedBox() const { return m_speed; }
    QPushButton *nextButton(EventKind kind) const;
    QPushButton *previousButton(EventKind kind) const;
    // The last jump's outcome, or what went wrong with it.
    QString message() const;
    QString description() const;

    // "1:02.3": the time from the recording's start, to a tenth of a second.
    static QString clockText(qint64 ns);

private:
    // The slider's unit: fine enough to land on a feed (10 per 100 ms), and an hour of
    // recording is far inside an int.
    static constexpr qint64 StepNs = 10'000'000;

    QWidget *jumpButtons(EventKind kind);
    void jump(EventKind kind, bool next);
    void showPosition(qint64 timeNs);
    void showPlaying(bool playing);

    ReplayPlayer *m_player;
    QLabel *m_description;
    QLabel *m_notice;
    QLabel *m_message;
    QPushButton *m_play;
    QComboBox *m_speed;
    QSlider *m_slider;
    QLabel *m_time;
    Throttle *m_seeks; // a dragged slider seeks a few times a second, and where it stops
    bool m_showing = false; // the slider follows the player, which is no seek
};
