//! [`SmallList`]: a `SEQUENCE OF` that keeps up to `N` entries in place, and its decoder.

use alloc::vec::Vec;
use core::ops::{Deref, DerefMut};

use super::owned::{decode_list_into, repair};
use super::{BitReader, Decode, Result, Size};

/// A list whose usual length is at most `N` (by default one), held without a heap block
/// while it has that many entries.
///
/// Used for the `SEQUENCE OF`s that real traffic sends short (a J2735 SPaT movement's one
/// `state-time-speed`, a CSAE SPAT phase's three states), so that a new value of the
/// message around it does not allocate once per entry of its outer list. It reads as a
/// slice (`Deref<Target = [T]>`): index it, iterate it, take its `len()` as with a `Vec`;
/// build it from a `Vec`, an iterator or [`SmallList::one`].
///
/// The `N` places are values of `T` (made with `Default`): those past the length are kept
/// for the next decode into the list to reuse.
///
/// ```
/// use cv2x::per::SmallList;
///
/// let mut l: SmallList<i32> = SmallList::one(7);
/// assert_eq!(l[0], 7);
/// l.push(8);
/// assert_eq!(&l[..], &[7, 8]);
/// assert_eq!(SmallList::<i32>::from(vec![1, 2, 3]).len(), 3);
/// assert_eq!(l.iter().sum::<i32>(), 15);
/// let three: SmallList<u8, 3> = (1..=3).collect();
/// assert_eq!(&three[..], &[1, 2, 3]);
/// ```
#[derive(Clone)]
pub struct SmallList<T, const N: usize = 1> {
    /// The entries held in place: the first `len`, while `heap` is empty.
    inline: [T; N],
    /// How many entries `inline` holds (0 when they are on the heap).
    len: usize,
    /// Every other number of entries (more than `N`, or pushed after more).
    heap: Vec<T>,
}

impl<T: Default, const N: usize> SmallList<T, N> {
    /// The empty list (no allocation).
    pub fn new() -> Self {
        Self::with_places(T::default)
    }

    /// The list of the one entry `x` (no allocation).
    pub fn one(x: T) -> Self {
        let mut l = Self::new();
        l.push(x);
        l
    }

    /// Appends `x`: in place while the list has fewer than `N` entries and none on the
    /// heap; past that every entry moves to the heap.
    pub fn push(&mut self, x: T) {
        if self.heap.is_empty() && self.len < N {
            self.inline[self.len] = x;
            self.len += 1;
        } else {
            self.heap_mut().push(x);
        }
    }

    /// The entries as a `Vec` (allocates for entries held in place).
    pub fn into_vec(mut self) -> Vec<T> {
        self.heap_mut();
        self.heap
    }

    /// The entries as a `Vec`, moving the entries held in place to the heap.
    fn heap_mut(&mut self) -> &mut Vec<T> {
        if self.len > 0 {
            self.heap.reserve(self.len + 1);
            for x in &mut self.inline[..self.len] {
                self.heap.push(core::mem::take(x));
            }
            self.len = 0;
        }
        &mut self.heap
    }
}

impl<T, const N: usize> SmallList<T, N> {
    /// The empty list, its places made by `place`.
    #[inline]
    fn with_places(place: impl FnMut() -> T) -> Self {
        let mut place = place;
        SmallList {
            inline: core::array::from_fn(|_| place()),
            len: 0,
            heap: Vec::new(),
        }
    }

    /// The entries.
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        if self.len > 0 {
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }

    /// The entries, mutable.
    #[inline]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        if self.len > 0 {
            &mut self.inline[..self.len]
        } else {
            &mut self.heap
        }
    }

    /// Keeps the first `len` entries (the places past them keep their values for reuse).
    pub fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
        self.heap.truncate(len);
    }

    /// Removes every entry (a heap block is kept for reuse).
    pub fn clear(&mut self) {
        self.truncate(0);
    }
}

impl<T: Default, const N: usize> Default for SmallList<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, const N: usize> Deref for SmallList<T, N> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T, const N: usize> DerefMut for SmallList<T, N> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T: Default, const N: usize> From<Vec<T>> for SmallList<T, N> {
    /// Up to `N` entries go in place (the `Vec`'s block is freed), more stay in the `Vec`.
    fn from(heap: Vec<T>) -> Self {
        if heap.len() <= N {
            heap.into_iter().collect()
        } else {
            let mut l = Self::new();
            l.heap = heap;
            l
        }
    }
}

impl<T: Default, const N: usize> From<SmallList<T, N>> for Vec<T> {
    fn from(l: SmallList<T, N>) -> Self {
        l.into_vec()
    }
}

impl<T: Default, const N: usize> FromIterator<T> for SmallList<T, N> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut l = Self::new();
        for x in iter {
            l.push(x);
        }
        l
    }
}

impl<T: Default, const N: usize> IntoIterator for SmallList<T, N> {
    type Item = T;
    type IntoIter = alloc::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a SmallList<T, N> {
    type Item = &'a T;
    type IntoIter = core::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a mut SmallList<T, N> {
    type Item = &'a mut T;
    type IntoIter = core::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_mut_slice().iter_mut()
    }
}

impl<T: PartialEq, const N: usize> PartialEq for SmallList<T, N> {
    /// Equal entries, wherever they are held.
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Eq, const N: usize> Eq for SmallList<T, N> {}

impl<T: core::hash::Hash, const N: usize> core::hash::Hash for SmallList<T, N> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state)
    }
}

impl<T: core::fmt::Debug, const N: usize> core::fmt::Debug for SmallList<T, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "serde")]
impl<T: serde::Serialize, const N: usize> serde::Serialize for SmallList<T, N> {
    /// A sequence, as a `Vec`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de, T: serde::Deserialize<'de> + Default, const N: usize> serde::Deserialize<'de>
    for SmallList<T, N>
{
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        Vec::deserialize(d).map(Self::from)
    }
}

/// Decodes a SEQUENCE OF under `size` into `l` in place, as [`decode_list_into`] does a
/// `Vec`: up to `N` entries are decoded into the places (no allocation), more into the
/// heap. On error `l` holds a valid value.
///
/// The in-place read is inlined into the caller (the decoder of the value around the
/// list, usually itself inlined into the loop of an outer list): called out of line, with
/// the entry's decoder inlined into it, it spent about 20 instructions a list saving and
/// restoring registers (J2735 SPaT). Every other count is read out of line.
#[inline(always)]
pub fn decode_small_list_into<T: Decode + Default, const N: usize>(
    l: &mut SmallList<T, N>,
    r: &mut BitReader<'_>,
    size: Size,
    unit_bits: usize,
) -> Result<()> {
    // Where the length is one constrained number, up to `N` entries are read in place
    // (unless the list is on the heap: it stays there, its entries decoded into); for any
    // other count the general reader starts again at the length.
    if let (Some(ub), false) = (size.small_ub(), size.ext) {
        let at = r.position();
        let n = r.read_constrained_u64(size.lb as u64, ub as u64)? as usize;
        if n <= N && l.heap.is_empty() {
            // The fit check of every list read (the skip and the views refuse the same).
            r.check_fits(n, unit_bits, at)?;
            l.len = n;
            let got = match &mut l.inline[..n] {
                // One entry (the usual list of one place): no loop.
                [x] => x.decode_into(r),
                places => places.iter_mut().try_for_each(|x| x.decode_into(r)),
            };
            if got.is_err() {
                repair(&mut l.inline[..n], 0);
            }
            return got;
        }
        r.set_position(at);
    }
    decode_heap_list_into(l, r, size, unit_bits)
}

/// The entries of `l` read on its heap (a count past `N`, a list already on the heap, an
/// extensible or large size).
#[inline(never)]
fn decode_heap_list_into<T: Decode + Default, const N: usize>(
    l: &mut SmallList<T, N>,
    r: &mut BitReader<'_>,
    size: Size,
    unit_bits: usize,
) -> Result<()> {
    decode_list_into(l.heap_mut(), r, size, unit_bits)
}

/// A new list of `size` (the fresh decode of a `SEQUENCE OF`), its entries decoded in place.
#[inline]
pub fn decode_small_list<T: Decode + Default, const N: usize>(
    r: &mut BitReader<'_>,
    size: Size,
    unit_bits: usize,
) -> Result<SmallList<T, N>> {
    let mut l = SmallList::with_places(T::blank);
    decode_small_list_into(&mut l, r, size, unit_bits)?;
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j2735::LaneID;
    use crate::per::{BitWriter, Encode};

    #[test]
    fn reads_as_a_slice_wherever_held() {
        let mut l: SmallList<u8> = SmallList::new();
        assert!(l.is_empty());
        l.push(1u8);
        assert_eq!((l.len, l.heap.len()), (1, 0));
        l.push(2);
        assert_eq!((l.len, &l.heap[..]), (0, &[1, 2][..]));
        assert_eq!(l, SmallList::from(alloc::vec![1, 2]));
        l.truncate(1);
        assert_eq!(&l[..], &[1]);
        l.clear();
        assert!(l.is_empty());
        assert_eq!(SmallList::<u8>::from(alloc::vec![5u8]).len, 1);
        assert_eq!(SmallList::<u8>::one(3u8).into_vec(), alloc::vec![3]);
        let collected: SmallList<u8> = (0..4).collect();
        assert_eq!(collected.len(), 4);
        for x in &mut SmallList::<u8>::one(1u8) {
            *x += 1;
        }
        // Three places: three entries in place, a fourth moves them all to the heap.
        let mut l: SmallList<u8, 3> = (1..=3).collect();
        assert_eq!((l.len, l.heap.len()), (3, 0));
        l.push(4);
        assert_eq!((l.len, &l.heap[..]), (0, &[1, 2, 3, 4][..]));
        assert_eq!(SmallList::<u8, 3>::from(alloc::vec![1, 2]).len, 2);
    }

    /// `SIZE(1..16) OF LaneID`: `n` entries `0..n`.
    fn list_of(n: usize) -> alloc::vec::Vec<u8> {
        let items: alloc::vec::Vec<LaneID> = (0..n as u8).map(LaneID).collect();
        let mut w = BitWriter::new(alloc::vec::Vec::new());
        w.write_sized(Size::range(1, 16), n, |w, s, k| {
            items[s..s + k].iter().try_for_each(|x| x.encode(w))
        })
        .unwrap();
        w.finish().unwrap().0
    }

    #[test]
    fn one_entry_in_place_more_on_the_heap() {
        let size = Size::range(1, 16);
        let mut l: SmallList<LaneID> = SmallList::new();
        for n in [1, 3, 1, 2, 1] {
            let d = list_of(n);
            decode_small_list_into(&mut l, &mut BitReader::new(&d), size, 8).unwrap();
            let got: alloc::vec::Vec<u8> = l.iter().map(|x| x.0).collect();
            assert_eq!(got, (0..n as u8).collect::<alloc::vec::Vec<_>>());
        }
        // A fresh single entry is held in place; once on the heap, the list stays there.
        let l1 = decode_small_list::<LaneID, 1>(&mut BitReader::new(&list_of(1)), size, 8).unwrap();
        assert_eq!((l1.len, l1.heap.capacity()), (1, 0));
        assert!(l.len == 0 && l.heap.len() == 1);
        // With three places: up to three in place, then the heap.
        let mut l3: SmallList<LaneID, 3> = SmallList::new();
        for n in [3, 2, 4, 1] {
            decode_small_list_into(&mut l3, &mut BitReader::new(&list_of(n)), size, 8).unwrap();
            let got: alloc::vec::Vec<u8> = l3.iter().map(|x| x.0).collect();
            assert_eq!(got, (0..n as u8).collect::<alloc::vec::Vec<_>>());
        }
        assert!(l3.len == 0 && l3.heap.len() == 1);
        let l3 = decode_small_list::<LaneID, 3>(&mut BitReader::new(&list_of(3)), size, 8).unwrap();
        assert_eq!((l3.len, l3.heap.capacity()), (3, 0));
        // Cut short: an error, and a valid list (within its size) left behind.
        let mut l: SmallList<LaneID> = SmallList::one(LaneID(9));
        assert!(decode_small_list_into(&mut l, &mut BitReader::new(&[]), size, 8).is_err());
        assert!(decode_small_list_into(&mut l, &mut BitReader::new(&[0x00]), size, 8).is_err());
        assert_eq!(l.len(), 1);
    }
}
