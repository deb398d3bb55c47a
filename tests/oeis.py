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

# OEIS A000182, "Tangent (or "Zag") numbers: expansion of tan(x)" (https://oeis.org/A000182):
# T_1, T_2, ... with tan x = sum T_k x^(2k-1)/(2k-1)!, hence tanh^(2k-1)(0) = (-1)^(k-1) T_k.
A000182 = [
    1,
    2,
    16,
    272,
    7936,
    353792,
    22368256,
    1903757312,
    209865342976,
    29088885112832,
    4951498053124096,
    1015423886506852352,
    246921480190207983616,
    70251601603943959887872,
    23119184187809597841473536,
]

# OEIS A000364, "Euler (or secant or "Zig") numbers: expansion of sec(x)" (https://oeis.org/A000364):
# E_0, E_1, ... with sech x = sum (-1)^k E_k x^(2k)/(2k)!.
A000364 = [
    1,
    1,
    5,
    61,
    1385,
    50521,
    2702765,
    199360981,
    19391512145,
    2404879675441,
    370371188237525,
]
