module example.com/heldoutlog

go 1.19
