#include "idlelist.h"

#include "pooledconnection.h"

void IdleList::pushNewest(PooledConnection *connection)
{
    connection->older = m_newest;
    connection->newer = nullptr;
    if (m_newest)
        m_newest->newer = connection;
    else
        m_oldest = connection;
    m_newest = connection;
    ++m_size;
}

void IdleList::remove(PooledConnection *connection)
{
    if (connection->newer)
        connection->newer->older = connection->older;
    else
        m_newest = connection->older;
    if (connection->older)
        connection->older->newer = connection->newer;
    else
        m_oldest = connection->newer;
    connection->newer = nullptr;
    connection->older = nullptr;
    --m_size;
}
