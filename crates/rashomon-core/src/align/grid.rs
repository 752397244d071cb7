//! A matrix in one allocation, row after row: the aligner's per-pair matrices (similarities,
//! embedding cosines) are made and dropped on every comparison, and a vector per row cost an
//! allocation per row and a pointer chase per access. `grid[i]` is row `i`, so `grid[i][j]` reads
//! as the nested vectors did.

/// `rows` × `cols` values, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid<T> {
    rows: usize,
    cols: usize,
    cells: Vec<T>,
}

impl<T: Clone> Grid<T> {
    /// A `rows` × `cols` grid holding `value` everywhere.
    pub fn filled(rows: usize, cols: usize, value: T) -> Grid<T> {
        Grid { rows, cols, cells: vec![value; rows * cols] }
    }
}

impl<T> Grid<T> {
    /// A `rows` × `cols` grid over `cells` (row-major).
    pub fn from_cells(rows: usize, cols: usize, cells: Vec<T>) -> Grid<T> {
        assert_eq!(cells.len(), rows * cols, "a grid's cells fill its rows");
        Grid { rows, cols, cells }
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The rows in order.
    pub fn iter_rows(&self) -> impl Iterator<Item = &[T]> {
        (0..self.rows).map(|i| &self[i])
    }

    /// Column `j`, top to bottom.
    pub fn col(&self, j: usize) -> impl Iterator<Item = &T> + '_ {
        self.cells.iter().skip(j).step_by(self.cols.max(1))
    }

    /// All cells, row after row.
    pub fn cells(&self) -> &[T] {
        &self.cells
    }

    pub fn cells_mut(&mut self) -> &mut [T] {
        &mut self.cells
    }

    /// The nested form (for callers outside the aligner).
    pub fn to_nested(&self) -> Vec<Vec<T>>
    where
        T: Clone,
    {
        self.iter_rows().map(<[T]>::to_vec).collect()
    }
}

impl<T> std::ops::Index<usize> for Grid<T> {
    type Output = [T];
    fn index(&self, i: usize) -> &[T] {
        &self.cells[i * self.cols..(i + 1) * self.cols]
    }
}

impl<T> std::ops::IndexMut<usize> for Grid<T> {
    fn index_mut(&mut self, i: usize) -> &mut [T] {
        &mut self.cells[i * self.cols..(i + 1) * self.cols]
    }
}

#[cfg(test)]
mod tests {
    use super::Grid;

    #[test]
    fn rows_columns_and_cells_agree() {
        let mut g = Grid::from_cells(2, 3, (0..6).collect::<Vec<i32>>());
        assert_eq!((g.rows(), g.cols()), (2, 3));
        assert_eq!(&g[1], &[3, 4, 5]);
        g[0][2] = 9;
        assert_eq!(g.col(2).copied().collect::<Vec<_>>(), vec![9, 5]);
        assert_eq!(g.iter_rows().count(), 2);
        assert_eq!(g.to_nested(), vec![vec![0, 1, 9], vec![3, 4, 5]]);
        let empty: Grid<f64> = Grid::filled(0, 4, 0.0);
        assert_eq!((empty.rows(), empty.iter_rows().count(), empty.col(1).count()), (0, 0, 0));
        let no_cols: Grid<f64> = Grid::filled(4, 0, 0.0);
        assert_eq!((no_cols.rows(), no_cols.iter_rows().count(), no_cols[3].len()), (4, 4, 0));
    }
}
