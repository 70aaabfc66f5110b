import helpers_that_do_not_exist

helpers_that_do_not_exist.run()
