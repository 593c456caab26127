// One cache for the process, shared by every request.
import express from 'express';
import { LRUCache } from 'lru-cache';

interface Room {
  id: string;
  name: string;
}

declare function loadRoom(id: string, cache: LRUCache<string, Room>): Promise<Room>;

const rooms = new LRUCache<string, Room>({ max: 10_000 });
const app = express();

app.get('/room/:id', async (req, res) => {
  res.json(await loadRoom(req.params.id, rooms));
});

export default app;
