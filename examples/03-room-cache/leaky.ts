// expect: leaks/no-per-request-cache
// Every request builds its own 10,000-entry cache: nothing is shared, and under load the
// heap holds one cache per request in flight.
import express from 'express';
import { LRUCache } from 'lru-cache';

interface Room {
  id: string;
  name: string;
}

declare function loadRoom(id: string, cache: LRUCache<string, Room>): Promise<Room>;

const app = express();

app.get('/room/:id', async (req, res) => {
  const cache = new LRUCache<string, Room>({ max: 10_000 }); // a new cache per request
  res.json(await loadRoom(req.params.id, cache));
});

export default app;
