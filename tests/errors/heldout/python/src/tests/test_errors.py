import unittest


class ErrorHandling(unittest.TestCase):
    def test_error_is_raised(self):
        with self.assertRaises(ValueError):
            int("x")

    def test_no_error_on_empty(self):
        self.assertEqual([], [])

    def test_traceback_is_logged(self):
        self.assertTrue("Traceback".startswith("Trace"))
