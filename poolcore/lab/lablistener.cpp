#include "lablistener.h"

void LabListener::incomingConnection(qintptr descriptor)
{
    Q_EMIT descriptorAccepted(descriptor);
}
