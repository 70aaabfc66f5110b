package okpass

func Add(a, b int) int { return a + b }
