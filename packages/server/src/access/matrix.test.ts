import { DATA_CLASSES, OFFICE_RELATIONS, ROLES } from '@zhengming/contracts';
import { describe, expect, it } from 'vitest';
import { EXPECTED_MATRIX, expectedAccess } from '../test-support/matrix-harness.js';
import { canAccess, parentPathOf, relationOf } from './matrix.js';

const BOOLS = [false, true] as const;

describe('canAccess', () => {
  it('agrees with the docs/ACCESS.md matrix in every cell (role × relation × class × assigned × recused × reveal)', () => {
    const disagreements: string[] = [];
    let cells = 0;
    for (const dataClass of DATA_CLASSES) {
      for (const relation of OFFICE_RELATIONS) {
        for (const role of ROLES) {
          for (const isAssigned of BOOLS) {
            for (const isRecused of BOOLS) {
              for (const hasApprovedReveal of BOOLS) {
                cells += 1;
                const actual = canAccess({
                  roles: [role],
                  relation,
                  dataClass,
                  isAssigned,
                  isRecused,
                  hasApprovedReveal,
                });
                const expected = expectedAccess({
                  dataClass,
                  role,
                  relation,
                  isAssigned,
                  isRecused,
                  hasReveal: hasApprovedReveal,
                });
                if (actual !== expected) {
                  disagreements.push(
                    `${dataClass} ${role} ${relation} assigned=${isAssigned} recused=${isRecused} reveal=${hasApprovedReveal}: ${actual}`,
                  );
                }
              }
            }
          }
        }
      }
    }
    expect(cells).toBe(3 * 6 * 8 * 8);
    expect(disagreements).toEqual([]);
  });

  it('never opens anything to admin or auditor, whatever the flags', () => {
    for (const dataClass of DATA_CLASSES) {
      for (const relation of OFFICE_RELATIONS) {
        expect(
          canAccess({
            roles: ['admin', 'auditor'],
            relation,
            dataClass,
            isAssigned: true,
            isRecused: false,
            hasApprovedReveal: true,
          }),
        ).toBe(false);
      }
    }
  });

  it('lets recusal override every role, including intake in its own office', () => {
    expect(
      canAccess({
        roles: [...ROLES],
        relation: 'own',
        dataClass: 'metadata',
        isAssigned: true,
        isRecused: true,
        hasApprovedReveal: true,
      }),
    ).toBe(false);
  });

  it('opens a cell when any of several roles in the active office opens it', () => {
    const base = {
      relation: 'own',
      dataClass: 'content',
      isAssigned: false,
      isRecused: false,
      hasApprovedReveal: false,
    } as const;
    expect(canAccess({ ...base, roles: ['monitor'] })).toBe(false);
    expect(canAccess({ ...base, roles: ['monitor', 'intake'] })).toBe(true);
    expect(canAccess({ ...base, roles: ['leader'] })).toBe(false);
    expect(canAccess({ ...base, roles: ['leader'], isAssigned: true })).toBe(true);
  });

  it('keeps the table of the harness in line with docs/ACCESS.md', () => {
    // The harness table is the reference the route tests use; a few spot checks that it says what ACCESS.md says.
    expect(EXPECTED_MATRIX.content.own.intake).toBe('always');
    expect(EXPECTED_MATRIX.content.own.investigator).toBe('assigned');
    expect(EXPECTED_MATRIX.content.child.investigator).toBeUndefined();
    expect(EXPECTED_MATRIX.metadata.child.intake).toBeUndefined();
    expect(EXPECTED_MATRIX.identity.child.leader).toBe('reveal');
    expect(EXPECTED_MATRIX.metadata.parent).toEqual({});
    expect(EXPECTED_MATRIX.metadata.sibling).toEqual({});
  });
});

describe('relationOf', () => {
  const city = '/c/';
  const district = '/c/d/';
  const town = '/c/d/t/';
  const otherTown = '/c/d/u/';
  const otherDistrict = '/c/e/';
  const farTown = '/c/e/v/';

  it('names own, child and deeper offices below the active one', () => {
    expect(relationOf(district, city, district)).toBe('own');
    expect(relationOf(district, city, town)).toBe('child');
    expect(relationOf(city, null, town)).toBe('deeper');
  });

  it('names every ancestor a parent', () => {
    expect(relationOf(town, district, district)).toBe('parent');
    expect(relationOf(town, district, city)).toBe('parent');
  });

  it('names siblings, and cousins and uncles unrelated', () => {
    expect(relationOf(town, district, otherTown)).toBe('sibling');
    expect(relationOf(district, city, otherDistrict)).toBe('sibling');
    expect(relationOf(town, district, otherDistrict)).toBe('none');
    expect(relationOf(town, district, farTown)).toBe('none');
    expect(relationOf(district, city, farTown)).toBe('none');
  });

  it('does not mistake an id that is a prefix of another for an ancestor', () => {
    expect(relationOf('/c/d/', '/c/', '/c/dd/')).toBe('sibling');
    expect(relationOf('/c/d/', '/c/', '/c/dd/x/')).toBe('none');
  });

  it('gives a root office no siblings', () => {
    expect(relationOf(city, null, '/z/')).toBe('none');
  });
});

describe('parentPathOf', () => {
  it('drops the last id of a path, and gives the root none', () => {
    expect(parentPathOf('/a/b/c/')).toBe('/a/b/');
    expect(parentPathOf('/a/')).toBeNull();
  });
});
