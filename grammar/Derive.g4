// The derive language: programs of assignments and expressions.
//
// Precedence, loosest first: comparisons (< <= > >= == !=, not chained), + -, * /,
// unary - +, ^ (right-associative, also **).
// Sums and products are loops, not left recursion, so a million-term sum is one flat
// context instead of a million nested ones. The graph is built by a parse listener from the
// labelled parts below, without keeping a parse tree.
grammar Derive;

@lexer::members {
    /** Open parentheses and brackets; newlines inside them are not statement separators. */
    private int parenDepth = 0;
}

program
    : separator* statement (separator+ statement)* separator* EOF
    ;

// One expression and nothing else, such as a value given on the command line.
single
    : comparison EOF
    ;

separator
    : NEWLINE
    | SEMI
    ;

// A bare statement may list several values; the last statement's are the program's outputs.
// An array definition, r[k = 0 .. n-2] = x[k+1] - x[k]^2, gives an array as the output.
statement
    : name=NAME LBRACK spans+=span (COMMA spans+=span)* RBRACK ASSIGN comparison  # Definition
    | name=NAME ASSIGN comparison                       # Assignment
    | outputs+=comparison (COMMA outputs+=comparison)*  # Bare
    ;

// One index of an array definition and its range: a rule of its own, so the index is known
// before the body is recognized. Bounds are inclusive.
span
    : var=NAME ASSIGN lo=expr DOTDOT hi=expr
    ;

// 1 where the comparison holds, 0 where not; a comparison does not chain (a < b < c).
comparison
    : expr (op=(LT | LE | GT | GE | EQ | NE) expr)?
    ;

expr
    : term (ops+=(PLUS | MINUS) term)*
    ;

term
    : unary (ops+=(STAR | SLASH) unary)*
    ;

unary
    : op=(MINUS | PLUS) unary   # Sign
    | power                     # Plain
    ;

// The exponent is a unary, which makes ^ right-associative and lets 2^-x mean 2^(-x).
power
    : atom ((CARET | STARSTAR) exponent=unary)?
    ;

atom
    : value=NUMBER                                          # Number
    | range body=comparison RPAREN                          # Reduction
    | name=NAME LPAREN (args+=comparison (COMMA args+=comparison)*)? RPAREN  # Call
    | name=NAME LBRACK indexes+=expr (COMMA indexes+=expr)* RBRACK  # Element
    | name=NAME                                             # Name
    | LPAREN comparison RPAREN                              # Parens
    ;

// The head of sum(i = 0 .. n-1, ...): a rule of its own, so the loop variable is known before
// the body is recognized. Bounds are inclusive.
range
    : kind=NAME LPAREN var=NAME ASSIGN lo=expr DOTDOT hi=expr COMMA
    ;

// A number's point is not the first of a range's two dots: 0..n is 0, .., n.
NUMBER
    : DIGITS (DOT {_input.LA(1) != '.'}? DIGITS?)? EXPONENT?
    | DOT DIGITS EXPONENT?
    ;

NAME     : [A-Za-z_] [A-Za-z_0-9]* ;
STARSTAR : '**' ;
CARET    : '^' ;
STAR     : '*' ;
SLASH    : '/' ;
PLUS     : '+' ;
MINUS    : '-' ;
LE       : '<=' ;
GE       : '>=' ;
EQ       : '==' ;
NE       : '!=' ;
LT       : '<' ;
GT       : '>' ;
ASSIGN   : '=' ;
DOTDOT   : '..' ;
COMMA    : ',' ;
SEMI     : ';' ;
LPAREN   : '(' { parenDepth++; } ;
RPAREN   : ')' { if (parenDepth > 0) parenDepth--; } ;
LBRACK   : '[' { parenDepth++; } ;
RBRACK   : ']' { if (parenDepth > 0) parenDepth--; } ;
NEWLINE  : ('\r'? '\n' | '\r') { if (parenDepth > 0) skip(); } ;
COMMENT  : '#' ~[\r\n]* -> skip ;
SPACE    : [ \t\f]+ -> skip ;

// Anything else is one token of its own, so the parser reports it with its position.
STRAY    : . ;

fragment DIGITS   : [0-9]+ ;
fragment DOT      : '.' ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
