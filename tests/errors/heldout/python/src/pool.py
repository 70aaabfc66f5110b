"""A worker in a multiprocessing pool fails; the parent re-raises it with the
remote traceback as its cause."""
from multiprocessing import Pool


def ratio(pair):
    a, b = pair
    return a / b


if __name__ == "__main__":
    with Pool(2) as p:
        print(p.map(ratio, [(1, 2), (3, 0), (5, 4)]))
