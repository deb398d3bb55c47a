"""Published integer sequences used as independent expected values in the tests.

OEIS A008293, "Triangle of coefficients in expansion of D^n (tan x) in powers of
tan x" (https://oeis.org/A008293): rows n = 0..8, nonzero entries only, lowest power
first; the power of tan x of the j-th entry of row n is (n + 1) % 2 + 2j. With
tanh(x) = -i tan(ix) the same magnitudes give the derivative polynomials of tanh.
"""

A008293 = [
    [1],
    [1, 1],
    [2, 2],
    [2, 8, 6],
    [16, 40, 24],
    [16, 136, 240, 120],
    [272, 1232, 1680, 720],
    [272, 3968, 12096, 13440, 5040],
    [7936, 56320, 129024, 120960, 40320],
]
