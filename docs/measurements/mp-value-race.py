# Fact-check measurement (see docs/fact-check-log.md). Run: python3 mp-value-race.py
import multiprocessing as mp
def work(v, n, locked):
    for _ in range(n):
        if locked:
            with v.get_lock(): v.value += 1
        else:
            v.value += 1
if __name__ == '__main__':
    for locked in (False, True):
        v = mp.Value('i', 0)
        ps = [mp.Process(target=work, args=(v, 200000, locked)) for _ in range(4)]
        [p.start() for p in ps]; [p.join() for p in ps]
        print('with get_lock' if locked else 'v.value += 1 on default (locked) Value', v.value, 'of', 800000)
