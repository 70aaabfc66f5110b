def discounted(price, pct):
    if pct > 50:
    return price
    return price * (100 - pct) / 100
