#pragma once

class PooledConnection;

// The idle connections, in the order they became idle: an intrusive list through the
// connections themselves, so every operation, removal from the middle included, is O(1).
// Internal to the pool.
class IdleList
{
public:
    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    PooledConnection *newest() const { return m_newest; }
    PooledConnection *oldest() const { return m_oldest; }

    void pushNewest(PooledConnection *connection);
    void remove(PooledConnection *connection);

private:
    PooledConnection *m_newest = nullptr;
    PooledConnection *m_oldest = nullptr;
    int m_size = 0;
};
