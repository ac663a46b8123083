import { describe, expect, it } from 'vitest';
import { findInsight } from '../../src/queries/insights.js';
import { TRANSFORMS } from '../../src/sql/transforms.js';

// Redshift compares VARCHAR ignoring trailing spaces and its EXTRACT(EPOCH) is whole seconds; the SQL that every
// engine runs is written so that neither changes an answer.
describe('SQL that gives the same answer on every engine', () => {
  it('the song match compares byte lengths too, and partitions on them', () => {
    const songplays = TRANSFORMS.find((t) => t.id === 'songplays')!.insert;
    expect(songplays).toContain('s.title = e.song AND OCTET_LENGTH(s.title) = OCTET_LENGTH(e.song)');
    expect(songplays).toContain('s.artist_name = e.artist AND OCTET_LENGTH(s.artist_name) = OCTET_LENGTH(e.artist)');
    expect(songplays).toMatch(/PARTITION BY title, OCTET_LENGTH\(title\), artist_name, OCTET_LENGTH\(artist_name\), duration/);
  });

  it('text sort keys of the picks and the play numbers are followed by their byte length (trailing blanks tie on Redshift)', () => {
    const sql = (id: string) => TRANSFORMS.find((t) => t.id === id)!.insert;
    expect(sql('songplays')).toContain('e.song, OCTET_LENGTH(e.song), e.artist, OCTET_LENGTH(e.artist), e.length');
    expect(sql('songplays')).toContain('e.level, OCTET_LENGTH(e.level), e.location, OCTET_LENGTH(e.location), e.useragent, OCTET_LENGTH(e.useragent))');
    expect(sql('songs')).toContain('ORDER BY title, OCTET_LENGTH(title), artist_id, year, duration');
    expect(sql('artists')).toContain('artist_name, OCTET_LENGTH(artist_name), artist_location, OCTET_LENGTH(artist_location), artist_latitude');
    expect(sql('users')).toContain('iteminsession DESC, level, OCTET_LENGTH(level)');
  });

  it('days away floors the epochs before a division of doubles', () => {
    const sql = findInsight('users-not-seen-recently').sql;
    expect(sql).toContain('FLOOR(CAST(FLOOR(EXTRACT(EPOCH FROM l.at)) - FLOOR(EXTRACT(EPOCH FROM s.last_play)) AS DOUBLE PRECISION) / 86400)');
  });
});

describe('insights on titles and names', () => {
  it('group, join and count titles and names with their byte length, so trailing spaces count on Redshift too', () => {
    const topSongs = findInsight('top-songs').sql;
    expect(topSongs).toContain('GROUP BY sp.song_title, OCTET_LENGTH(sp.song_title), sp.artist_name, OCTET_LENGTH(sp.artist_name)');
    expect(topSongs).toContain('k.title = p.song_title AND k.title_bytes = OCTET_LENGTH(p.song_title) AND k.name = p.artist_name AND k.name_bytes = OCTET_LENGTH(p.artist_name)');
    const topArtists = findInsight('top-artists').sql;
    expect(topArtists).toContain("COUNT(DISTINCT sp.song_title || '.')");
    expect(topArtists).toContain('GROUP BY sp.artist_name, OCTET_LENGTH(sp.artist_name)');
    expect(findInsight('catalog-gaps').sql).toContain('ka.name = p.artist_name AND ka.name_bytes = OCTET_LENGTH(p.artist_name)');
  });
});
