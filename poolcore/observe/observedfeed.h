#pragma once

#include "observedconnection.h"
#include "observedevent.h"
#include "observefindings.h"

#include <QList>

// What one poll of the socket table brought: the events since the poll before, every observed
// connection still open, and the findings. Plain values, so they can cross threads in a batch
// the way a pool's feed does.
struct ObservedFeed
{
    qint64 timeNs = 0;
    QList<ObservedEvent> events;
    QList<ObservedConnection> connections;
    ObserveFindings findings;
};
